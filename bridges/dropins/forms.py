import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.contacts.models import Need
from bridges.core.models import Language
from bridges.directory.models import Location

from .models import DropInSession

BLANK_NEED = [("", _("Not said yet"))]


class SessionForm(forms.ModelForm):
    class Meta:
        model = DropInSession
        fields = [
            "kind", "title", "location", "place", "repeats", "starts_on", "ends_on",
            "start_time", "end_time", "helpers_wanted",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "repeats": forms.RadioSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "helpers_wanted": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "location": _("A place listed in the programme's directory, if it is there."),
            "place": _("Or write where it is (a room, a community centre)."),
            "starts_on": _("A weekly session meets on this weekday every week."),
            "ends_on": _("For a weekly session: leave empty if it goes on."),
            "helpers_wanted": _("How many networkers the rota asks for at each session."),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.for_programme(programme).order_by(
            "name"
        )
        self.fields["location"].empty_label = _("Not in the directory")
        self.fields["helpers_wanted"].min_value = 1
        self.fields["helpers_wanted"].max_value = 50
        self.fields["kind"].choices = DropInSession.Kind.choices
        self.fields["repeats"].choices = DropInSession.Repeats.choices


class SessionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or place"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + DropInSession.Kind.choices
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("a session's state", "Status"),
        required=False,
        choices=[
            ("", _("Running")),
            ("cancelled", pgettext_lazy("sessions", "Cancelled")),
            ("all", _("All")),
        ],
    )


class RotaFilterForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Weeks ahead"),
        required=False,
        coerce=int,
        choices=[(n, n) for n in (1, 2, 4, 6, 8, 12)],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + DropInSession.Kind.choices
    )
    short = forms.BooleanField(label=_("Only sessions that need networkers"), required=False)


def _language_choices(first: list[Language]) -> list:
    first_codes = [lang.code for lang in first]
    rest = [
        (lang.code, str(lang))
        for lang in Language.objects.exclude(code__in=first_codes).order_by("english_name")
    ]
    return [("", _("Choose a language"))] + [(lang.code, str(lang)) for lang in first] + rest


class QueueForm(forms.Form):
    """Someone has arrived: their language and what they need. No name."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language they speak"))
    need = forms.ChoiceField(
        label=_("What they need help with"), required=False, choices=BLANK_NEED + Need.choices
    )

    def __init__(self, *args, languages: list[Language], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(languages)
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())


class AttendanceForm(forms.Form):
    """How many came, per language: one number for each common language, English and any
    language already counted, and one more language to add."""

    other_language = forms.ChoiceField(label=_("Another language"), required=False)
    other_count = forms.IntegerField(
        label=_("People speaking it"),
        required=False,
        min_value=0,
        max_value=1000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, languages: list[Language], **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        counts = {}
        for lang in languages:
            counts[f"count_{lang.code}"] = forms.IntegerField(
                label=str(lang),
                required=False,
                min_value=0,
                max_value=1000,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.fields = {**counts, **self.fields}
        codes = [lang.code for lang in languages]
        self.fields["other_language"].choices = [("", _("Choose a language"))] + [
            (lang.code, str(lang))
            for lang in Language.objects.exclude(code__in=codes).order_by("english_name")
        ]

    def clean(self):
        data = super().clean()
        if data.get("other_count") and not data.get("other_language"):
            self.add_error("other_language", _("Choose the language of the people counted."))
        return data

    def counts(self) -> dict[str, int]:
        data = self.cleaned_data
        found = {lang.code: data.get(f"count_{lang.code}") or 0 for lang in self.languages}
        if data.get("other_language") and data.get("other_count"):
            code = data["other_language"]
            found[code] = found.get(code, 0) + data["other_count"]
        return found
