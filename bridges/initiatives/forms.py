from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.core.locale_format import weekday_name
from bridges.core.models import Language

from . import selectors
from .models import DAYS, Event, Initiative


def _day_choices():
    return [(code, weekday_name(index)) for index, code in enumerate(DAYS)]


def _languages():
    return Language.objects.order_by("-common", "english_name")


class InitiativeForm(forms.ModelForm):
    meets_on = forms.MultipleChoiceField(
        label=_("Days it meets"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if it has no regular days."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Support it needs"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Initiative.Need.choices,
    )

    class Meta:
        model = Initiative
        fields = [
            "name", "kind", "purpose", "activities", "languages", "venue_name", "venue_address",
            "venue_postcode", "meets_on", "opens_at", "closes_at", "schedule_notes",
            "contact_email", "contact_phone", "status", "needs", "support_notes",
            "networkers", "public",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "languages": forms.CheckboxSelectMultiple,
            "networkers": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.Textarea(attrs={"rows": 3}),
            "support_notes": forms.Textarea(attrs={"rows": 3}),
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "purpose": _("In a sentence or two, in plain words: who it is for and why."),
            "activities": _("For example: CV help, English conversation, cooking together."),
            "schedule_notes": _('For example: "term time only" or "first Saturday of the month".'),
            "contact_email": _("Shown to the public: use the group's own address, not a person's."),
            "support_notes": _("What would help, who could give it, what has been tried."),
            "public": _(
                "A public initiative that is getting started or running is listed in the "
                "service directory and its events on the public calendar."
            ),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meets_on"].choices = _day_choices()
        self.fields["kind"].choices = Initiative.Kind.choices
        self.fields["status"].choices = Initiative.Status.choices
        self.fields["languages"].queryset = _languages()
        self.fields["networkers"].queryset = selectors.programme_networkers(programme=programme)
        if self.instance.pk and not self.is_bound:
            self.initial["meets_on"] = self.instance.days
            self.initial["needs"] = self.instance.needs

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The end time must be after the start time."))
        return data

    def initiative_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["meets_on"] = ",".join(d for d in DAYS if d in data.get("meets_on", []))
        needs = data.pop("needs", [])
        for need, field in Initiative.NEED_FIELDS.items():
            data[field] = need in needs
        return data


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, purpose or venue"), required=False, max_length=100)
    need = forms.ChoiceField(
        label=_("Needs"), required=False, choices=[("", _("Any"))] + Initiative.Need.choices
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("an initiative's state", "Status"),
        required=False,
        choices=[("", _("Any"))] + Initiative.Status.choices,
    )


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "initiative", "kind", "title", "description", "languages", "venue_name",
            "venue_address", "venue_postcode", "repeats", "starts_on", "ends_on", "start_time",
            "end_time", "public",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "repeats": forms.RadioSelect,
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "initiative": _("Leave empty for an event of the programme itself."),
            "starts_on": _("A weekly event takes place on this weekday every week."),
            "ends_on": _("For a weekly event: leave empty if it goes on."),
            "start_time": _("Local time."),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.for_programme(programme).order_by(
            "name"
        )
        self.fields["initiative"].empty_label = _("None: the programme's own event")
        self.fields["kind"].choices = Event.Kind.choices
        self.fields["repeats"].choices = Event.Repeats.choices
        self.fields["languages"].queryset = _languages()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("start_time"), data.get("end_time")
        if starts and ends and ends <= starts:
            self.add_error("end_time", _("The event must end after it starts."))
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first and data.get("repeats") == Event.Repeats.WEEKLY:
            self.add_error("ends_on", _("The last date must be on or after the first date."))
        elif data.get("repeats") == Event.Repeats.ONCE:
            data["ends_on"] = None
        return data


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Coming up")), ("past", _("Past")), ("all", _("All"))],
    )


class AttendanceForm(forms.Form):
    """How many came to one date of an event, and optionally how many in each language."""

    total = forms.IntegerField(
        label=_("People who came"),
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, languages: list[Language], **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for lang in languages:
            self.fields[f"count_{lang.code}"] = forms.IntegerField(
                label=str(lang),
                required=False,
                min_value=0,
                max_value=100000,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def language_fields(self):
        return [self[f"count_{lang.code}"] for lang in self.languages]

    def clean(self):
        data = super().clean()
        total = data.get("total")
        counted = sum(data.get(f"count_{lang.code}") or 0 for lang in self.languages)
        if total is not None and counted > total:
            self.add_error(
                "total", _("The counts by language add up to more than the people who came.")
            )
        return data

    def by_language(self) -> dict[str, int]:
        return {
            lang.code: self.cleaned_data.get(f"count_{lang.code}") or 0 for lang in self.languages
        }
