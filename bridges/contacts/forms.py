import uuid
from functools import partial

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridges.core.models import Country, Language

from . import selectors
from .models import (
    NOTE_MAX_LENGTH,
    Action,
    AgeBand,
    Channel,
    Gender,
    Need,
    Outcome,
    TimeInUK,
)
from .services import ContactData

BLANK = [("", _("Not recorded"))]


class LanguagesField(forms.MultipleChoiceField):
    """Tick boxes for the languages a networker usually uses; any known language is accepted
    (the offline queue and the "another language" list may send others)."""

    def __init__(self, *args, known: set[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known or set()

    def valid_value(self, value) -> bool:
        return str(value) in self.known

    def validate(self, value) -> None:
        # Required, but may be answered by "another language": the form checks there is one.
        for item in value:
            if not self.valid_value(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )


class ServicesField(forms.MultipleChoiceField):
    """The programme's services; the form checks the ids with the directory, so a service
    beyond the listed ones (sent by the offline queue) is accepted too."""

    def valid_value(self, value) -> bool:
        return True


class ContactForm(forms.Form):
    """One piece of support, recorded without anything that identifies the people helped."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    channel = forms.ChoiceField(
        label=_("How did you help?"), choices=Channel.choices, widget=forms.RadioSelect
    )
    people_helped = forms.IntegerField(
        label=_("People helped"),
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Count everyone you helped: a family of four is 4."),
    )
    languages = LanguagesField(label=_("Languages used"), widget=forms.CheckboxSelectMultiple)
    other_language = forms.ChoiceField(label=_("Another language"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("What did they need help with?"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    actions = forms.MultipleChoiceField(
        label=_("What did you do?"),
        choices=Action.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    services = ServicesField(
        label=_("Services you signposted to"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The programme's published services. Hold Ctrl (or ⌘) to choose several."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Time given, in minutes"),
        min_value=1,
        max_value=1440,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    area = forms.ChoiceField(label=_("Area (ward)"), required=False)
    country = forms.ChoiceField(label=_("Country of origin"), required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=BLANK + AgeBand.choices, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=BLANK + Gender.choices, required=False)
    time_in_uk = forms.ChoiceField(
        label=_("Time in the UK"), choices=BLANK + TimeInUK.choices, required=False
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=BLANK + Outcome.choices, required=False)
    follow_up = forms.BooleanField(label=_("Follow-up needed"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
        help_text=_(
            "At most 500 characters. Do not write names, addresses, phone numbers or anything "
            "else that could identify the people you helped."
        ),
    )

    QUICK = ("date", "channel", "people_helped", "languages", "other_language", "needs")
    DONE = ("actions", "services", "duration_minutes", "outcome", "follow_up", "note")
    ABOUT = ("area", "country", "age_band", "gender", "time_in_uk")

    def __init__(self, *args, programme, networker=None, usual_languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        languages = {language.code: language for language in Language.objects.all()}
        ticks = [code for code in dict.fromkeys([*usual_languages, "en"]) if code in languages]
        self.fields["languages"].known = set(languages)
        self.fields["languages"].choices = [(code, str(languages[code])) for code in ticks]
        self.fields["other_language"].choices = [("", _("Choose a language"))] + [
            (code, str(language))
            for code, language in sorted(languages.items(), key=lambda item: item[1].english_name)
            if code not in ticks
        ]
        self.fields["area"].choices = BLANK + list(
            selectors.programme_wards(programme=programme).values_list("code", "name")
        )
        if not programme.local_authority_id:
            del self.fields["area"]
        self.fields["country"].choices = BLANK + list(Country.objects.values_list("code", "name"))
        # Only read when the form is shown: ServicesField accepts any id and clean_services
        # checks the chosen ones, so a record sent by the phone's queue never lists them all.
        self.fields["services"].choices = partial(selectors.services_choices, programme=programme)

    @classmethod
    def fresh_initial(cls, *, last=None) -> dict:
        """A new record's starting answers: a fresh id, today, one person, and the languages,
        area and channel of the networker's last record."""
        initial = {"client_id": uuid.uuid4(), "date": timezone.localdate(), "people_helped": 1}
        if last is not None:
            initial["channel"] = last.channel
            initial["languages"] = [language.pk for language in last.languages.all()]
            if last.area_id:
                initial["area"] = last.area_id
        return initial

    def field_groups(self) -> list[dict]:
        return [
            {"title": None, "fields": [self[name] for name in self.QUICK]},
            {
                "title": _("What you did"),
                "fields": [self[name] for name in self.DONE],
                "open": any(self.has_error(name) for name in self.DONE),
            },
            {
                "title": _("About the people helped"),
                "hint": _("Only if they were happy to say. All optional."),
                "fields": [self[name] for name in self.ABOUT if name in self.fields],
                "open": any(self.has_error(name) for name in self.ABOUT if name in self.fields),
            },
        ]

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_services(self):
        ids = list(dict.fromkeys(self.cleaned_data.get("services") or []))
        found = selectors.services_named(programme=self.programme, ids=ids)
        if len(found) != len(ids):
            raise forms.ValidationError(_("Choose services from the programme's directory."))
        return ids

    def clean(self):
        data = super().clean()
        languages = list(data.get("languages") or [])
        if data.get("other_language") and data["other_language"] not in languages:
            languages.append(data["other_language"])
        if "languages" in data and not languages:
            self.add_error("languages", _("Choose at least one language you used."))
        data["all_languages"] = languages
        return data

    def contact_data(self) -> ContactData:
        data = self.cleaned_data
        return ContactData(
            date=data["date"],
            channel=data["channel"],
            people_helped=data["people_helped"],
            languages=data["all_languages"],
            duration_minutes=data.get("duration_minutes"),
            country=data.get("country") or None,
            age_band=data.get("age_band") or "",
            gender=data.get("gender") or "",
            time_in_uk=data.get("time_in_uk") or "",
            area=data.get("area") or None,
            needs=list(data.get("needs") or []),
            actions=list(data.get("actions") or []),
            services=list(data.get("services") or []),
            outcome=data.get("outcome") or "",
            follow_up=bool(data.get("follow_up")),
            note=(data.get("note") or "").strip(),
        )


class CorrectionForm(ContactForm):
    """The same questions for a stored record; its id does not change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["client_id"]


def record_initial(record) -> dict:
    data = ContactData.of(record)
    return {
        "date": data.date,
        "channel": data.channel,
        "people_helped": data.people_helped,
        "languages": data.languages,
        "duration_minutes": data.duration_minutes,
        "country": data.country or "",
        "age_band": data.age_band,
        "gender": data.gender,
        "time_in_uk": data.time_in_uk,
        "area": data.area or "",
        "needs": data.needs,
        "actions": data.actions,
        "services": data.services,
        "outcome": data.outcome,
        "follow_up": data.follow_up,
        "note": data.note,
    }


class LogFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(
        label=_("How"), required=False, choices=[("", _("Any"))] + Channel.choices
    )
    need = forms.ChoiceField(
        label=_("Need"), required=False, choices=[("", _("Any"))] + Need.choices
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    networker = forms.TypedChoiceField(
        label=_("Networker"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any"))] + selectors.log_filter_languages(
            programme=programme
        )
        self.fields["area"].choices = [("", _("Any"))] + list(
            selectors.programme_wards(programme=programme).values_list("code", "name")
        )
        self.fields["networker"].choices = [("", _("Anyone"))] + selectors.programme_networkers(
            programme=programme
        )

    def filters(self) -> selectors.LogFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.LogFilters(
            start=data.get("start"),
            end=data.get("end"),
            channel=data.get("channel") or "",
            need=data.get("need") or "",
            language=data.get("language") or "",
            area=data.get("area") or "",
            networker=data.get("networker"),
        )
