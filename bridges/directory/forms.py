from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from bridges.accounts.models import Programme
from bridges.core.concurrency import VersionedForm
from bridges.core.models import Area, Language

from . import near
from .importers import run as import_run
from .models import DirectoryFeed, DirectoryImport, ListingReport, SearchTerm, Service, TaxonomyTerm
from .services import EDITABLE_FIELDS


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return gettext(obj.name)  # need names are in the catalogues (need_names.py)


class QueryField(forms.CharField):
    """The words of a search, taken as typed: a query too long, with a null character or with
    no letters is not a form error but is said to be ignored by the search itself
    (selectors.SearchInfo), the same way on the page and in the API."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = []


class SearchForm(forms.Form):
    q = QueryField(
        label=_("What do you need?"),
        help_text=_("Write in any language, for example: doctor, طبيب, lekarz, پزشک"),
        required=False,
        strip=False,
        widget=forms.SearchInput(attrs={"dir": "auto", "maxlength": 200}),
    )
    need = NeedChoiceField(
        label=_("Need"),
        queryset=TaxonomyTerm.objects.order_by(
            Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
        ),
        to_field_name="code",
        required=False,
        empty_label=_("Any need"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Anywhere")
    )
    language = forms.ModelChoiceField(
        label=_("Language spoken"),
        queryset=Language.objects.filter(common=True),
        required=False,
        empty_label=_("Any language"),
    )
    near = forms.CharField(
        label=_("Near"),
        help_text=_("The first part of a postcode, like LS7, or a ward name."),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}),
    )
    distance = forms.TypedChoiceField(
        label=_("Within"),
        coerce=int,
        choices=[
            (1000, _("1 km (about 15 minutes' walk)")),
            (3000, _("3 km")),
            (5000, _("5 km")),
            (10000, _("10 km")),
        ],
        initial=3000,
        empty_value=3000,
        required=False,
    )
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    programme = forms.ModelChoiceField(
        label=_("City"),
        queryset=Programme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All cities"),
    )

    def __init__(self, *args, programmes, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["area"].queryset = areas

    def clean_near(self):
        """Where the reader said, or a clear message: nothing is looked up outside this site."""
        text = self.cleaned_data.get("near", "").strip()
        if not text:
            self.place = None
            return ""
        self.place = near.place_of(text)
        if self.place is None:
            raise forms.ValidationError(
                _(
                    "We do not know where %(place)s is. Enter the first part of a postcode, "
                    "like LS7, or the name of a ward."
                ),
                params={"place": text},
            )
        return text


class HomeSearchForm(forms.Form):
    """The search box on the public home page: it sends `q` to the directory search, whose
    form checks it."""

    q = forms.CharField(
        label=_("What do you need?"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "dir": "auto"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "home-%s")
        super().__init__(*args, **kwargs)


class SearchTermForm(forms.ModelForm):
    class Meta:
        model = SearchTerm
        fields = ["term", "language", "keyword"]
        help_texts = {
            "term": _("A word or phrase people type, in any language."),
            "keyword": _("An English word that services with this need contain, e.g. doctor."),
        }

    def clean_keyword(self):
        return self.cleaned_data["keyword"].strip().lower()


class ReportForm(forms.Form):
    problem = forms.ChoiceField(
        label=_("What is wrong?"), choices=ListingReport.Problem.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Tell us more"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    reporter_email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_("Only if you would like to hear what happens."),
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class ServiceEditForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Service
        fields = list(EDITABLE_FIELDS)
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in (
                "description",
                "eligibility",
                "what_to_bring",
                "does_not_do",
                "complaints",
                "referral_how",
                "fees",
                "alert",
            )
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ListingReport.Status.choices)
    resolution = forms.CharField(
        label=pgettext_lazy("listing problem report", "What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=DirectoryImport.Format.choices)
    mode = forms.ChoiceField(
        label=_("New and changed listings"),
        choices=DirectoryImport.Mode.choices,
        initial=DirectoryImport.Mode.REVIEW,
        widget=forms.RadioSelect,
        help_text=_(
            "Held listings stay as they are until you approve each change. Listings that do "
            "not change are left alone either way."
        ),
    )
    file = forms.FileField(label=_("File"), required=False, help_text=_("At most %(size)s."))
    url = forms.URLField(
        label=_("Or the address of a feed"),
        required=False,
        max_length=2000,
        help_text=_("Only where this deployment allows fetching from the internet."),
    )

    def __init__(self, *args, allow_url: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "size": filesizeformat(import_run.max_bytes())
        }
        self.allow_url = allow_url
        if not allow_url:
            del self.fields["url"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > import_run.max_bytes():
            raise forms.ValidationError(import_run.too_large_message())
        return upload

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if url and (refusal := import_run.url_fetch_refusal(url)):
            raise forms.ValidationError(refusal)
        return url

    def clean(self):
        data = super().clean()
        if not self.allow_url:
            data.pop("url", None)
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Choose a file to import."))
        return data


class HeldDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Publish")), ("reject", _("Reject"))])


class HeldAllForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Publish")), ("reject", _("Reject"))])
    confirm = forms.BooleanField(required=False)


class FeedForm(forms.ModelForm):
    class Meta:
        model = DirectoryFeed
        fields = ["url", "format", "mode", "every_hours", "active"]
        widgets = {"mode": forms.RadioSelect}

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if url and (refusal := import_run.url_fetch_refusal(url)):
            raise forms.ValidationError(refusal)
        return url
