from django import forms
from django.utils.translation import gettext_lazy as _

from bridges.directory.models import Service

from .models import Guide, GuideStep


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    programme = forms.ModelChoiceField(
        label=_("City or area"),
        queryset=None,
        required=False,
        empty_label=_("All"),
        to_field_name="slug",
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))] + list(Guide.Status.choices),
    )


class ServicesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


class GuideForm(forms.ModelForm):
    services = ServicesField(
        label=_("Services that can help"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Published services of your directory. They are listed under “Where to get help”."
        ),
    )

    class Meta:
        model = Guide
        fields = [
            "title",
            "slug",
            "summary",
            "who_can",
            "what_you_need",
            "costs",
            "help",
            "official_url",
            "last_checked",
            "services",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4, "data-readability": ""}),
            "who_can": forms.Textarea(attrs={"rows": 3, "data-readability": ""}),
            "what_you_need": forms.Textarea(attrs={"rows": 3, "data-readability": ""}),
            "costs": forms.Textarea(attrs={"rows": 2, "data-readability": ""}),
            "help": forms.Textarea(attrs={"rows": 3, "data-readability": ""}),
            "last_checked": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "title": _("Say what the reader can do, like “Register with a GP”."),
            "summary": _("One or two short sentences."),
            "official_url": _("The GOV.UK or NHS page the facts were checked against."),
            "last_checked": _("The day you checked every fact against the official source."),
        }
        error_messages = {
            "slug": {
                "invalid": _(
                    "Web address name must only have lower-case letters, numbers and hyphens"
                )
            },
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["services"].queryset = (
            Service.objects.published().for_programme(programme).order_by("name")
        )
        self.fields["title"].widget.attrs["data-readability"] = ""

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        taken = Guide.objects.for_programme(self.programme).filter(slug__iexact=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another guide already uses this web address name"))
        return slug

    def clean_last_checked(self):
        from django.utils import timezone

        value = self.cleaned_data["last_checked"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _("The date facts were last checked must be today or in the past")
            )
        return value


class StepForm(forms.ModelForm):
    class Meta:
        model = GuideStep
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "data-readability": ""})}


StepFormSet = forms.inlineformset_factory(
    Guide,
    GuideStep,
    form=StepForm,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
