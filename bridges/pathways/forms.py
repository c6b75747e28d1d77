import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Item, Requirement


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["name", "slug", "kind", "description", "last_checked"]
        widgets = {
            "kind": forms.RadioSelect,
            "last_checked": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Item.Kind.choices


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["label", "alternatives", "note", "services", "guide_slugs", "position"]
        widgets = {
            "alternatives": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "position": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "alternatives": _(
                "Tick every item that meets this requirement on its own: the person needs any "
                "one of them. Tick none for something only another body issues (a passport): "
                "plans then say no way to get it is known."
            ),
            "services": _("Published services of the directory that help with this."),
            "position": _("Requirements are listed in this order."),
        }

    def __init__(self, *args, item, alternatives, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alternatives"].queryset = alternatives.exclude(pk=item.pk)
        self.fields["services"].queryset = services
        self.fields["position"].min_value = 0
        self.fields["position"].max_value = 100
        self.fields["position"].required = False

    def clean_guide_slugs(self):
        slugs = [s.strip() for s in self.cleaned_data["guide_slugs"].split(",") if s.strip()]
        field = forms.SlugField()
        for slug in slugs:
            try:
                field.clean(slug)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _(
                        "Write the short names of guides with letters, numbers and hyphens, "
                        "separated by commas"
                    )
                ) from None
        return ", ".join(slugs)


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or short name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=pgettext_lazy("pathway item", "Kind"),
        required=False,
        choices=[("", pgettext_lazy("filter", "Any"))] + Item.Kind.choices,
    )


class WorkaroundForm(forms.Form):
    text = forms.CharField(
        label=_("The way round"),
        help_text=_(
            "What to do instead, and where it has worked (a branch, an office). A coordinator "
            "checks it before anyone else sees it. Write no one's name."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[
            ("verify", _("Verified: the planner may show it")),
            ("reject", _("Not used: keep it out of plans")),
        ],
    )
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanStartForm(forms.Form):
    language = forms.ChoiceField(
        label=_("The person's language"),
        help_text=_("The plan opens in this language, ready to print or show on the phone."),
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, name) for code, name in settings.LANGUAGES]


class PlannerForm(forms.Form):
    """What the person has and what they want: the whole state of a plan, kept in the
    address (a GET form), never stored."""

    have = forms.MultipleChoiceField(
        label=_("What the person has already"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "pw-choice"}),
    )
    want = forms.MultipleChoiceField(
        label=_("What the person wants to get"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "pw-choice"}),
        error_messages={"required": _("Choose at least one thing the person wants to get")},
    )
    # Sent with every plan, so that a plan asked for with nothing ticked says what is missing.
    plan = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["have"].choices = choices
        self.fields["want"].choices = choices

    def clean(self):
        data = super().clean()
        if set(data.get("want") or ()) and set(data.get("want")) <= set(data.get("have") or ()):
            self.add_error(
                "want", _("The person already has everything chosen: choose something else")
            )
        return data
