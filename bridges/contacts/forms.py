import uuid
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class KnownChoiceField(forms.ChoiceField):
    """A choice among long lists (languages, countries, wards): checked against a set of
    codes, and the choices a callable built only when the field is drawn, so a record sent to
    the API does not build (and Django does not normalise) hundreds of options it never shows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known: set[str] = set()

    def offer(self, choices: list[tuple[str, str]], *, blank) -> None:
        self.known = {str(code) for code, _label in choices}
        self.choices = lambda: [*blank, *choices]

    def valid_value(self, value) -> bool:
        return str(value) in self.known


class ServicesField(forms.MultipleChoiceField):
    """Tick boxes for the services chosen, the networker's usual ones and those the search
    found; the form checks the ids with the directory, so a service beyond the listed ones
    (sent by the offline queue or the search-as-you-type picker) is accepted too."""

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
    other_language = KnownChoiceField(label=_("Another language"), required=False)
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
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Search the programme's directory by name or need, and choose every service "
            "you told them about."
        ),
    )
    service_query = forms.CharField(
        label=_("Find a service"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Time given, in minutes"),
        min_value=1,
        max_value=1440,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    area = KnownChoiceField(label=_("Area (ward)"), required=False)
    country = KnownChoiceField(label=_("Country of origin"), required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=BLANK + AgeBand.choices, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=BLANK + Gender.choices, required=False)
    time_in_uk = forms.ChoiceField(
        label=_("Time in the UK"), choices=BLANK + TimeInUK.choices, required=False
    )
    outcome = forms.ChoiceField(
        label=pgettext_lazy("contact record", "Outcome"),
        choices=BLANK + Outcome.choices,
        required=False,
    )
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
    # Drawn inside the services field's picker, not as a question of its own.
    PICKER = ("service_query",)
    ABOUT = ("area", "country", "age_band", "gender", "time_in_uk")

    def __init__(
        self,
        *args,
        programme,
        usual_languages=(),
        usual_services=(),
        service_matches=(),
        choices: selectors.FormChoices | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.usual_services = list(usual_services)
        self.service_matches = list(service_matches)
        if choices is None:
            choices = selectors.contact_form_choices(programme=programme)
        languages = dict(choices.languages)
        ticks = [code for code in dict.fromkeys([*usual_languages, "en"]) if code in languages]
        self.fields["languages"].known = set(languages)
        self.fields["languages"].choices = [(code, languages[code]) for code in ticks]
        self.fields["other_language"].offer(
            [(code, label) for code, label in choices.languages if code not in ticks],
            blank=[("", _("Choose a language"))],
        )
        self.fields["area"].offer(list(choices.wards), blank=BLANK)
        if not programme.local_authority_id:
            del self.fields["area"]
        self.fields["country"].offer(list(choices.countries), blank=BLANK)
        self._services_named = self._name_chosen_services()
        self.fields["services"].choices = list(
            dict(
                [*self._services_named.items(), *self.usual_services, *self.service_matches]
            ).items()
        )

    def _chosen_service_ids(self) -> list[str]:
        if self.is_bound:
            chosen = self["services"].value() or []
        else:
            chosen = self.get_initial_for_field(self.fields["services"], "services") or []
        return list(dict.fromkeys(str(pk) for pk in chosen))

    def _name_chosen_services(self) -> dict[str, str]:
        """The chosen services the programme publishes, id → name (one question to the
        directory, reused by the check)."""
        ids = self._chosen_service_ids()
        named = selectors.services_named(programme=self.programme, ids=ids)
        return {pk: named[pk] for pk in ids if pk in named}

    REFERENCE_FIELDS = ("languages", "other_language", "area", "country")

    def refused_a_reference(self) -> bool:
        """Whether a language, country or ward was refused as unknown (with a kept copy of
        the choices, worth checking again against current data)."""
        return any(
            error.code == "invalid_choice"
            for name in self.REFERENCE_FIELDS
            for error in self.errors.as_data().get(name, [])
        )

    def searched(self) -> bool:
        """Drawn again after a search for a service (the form without JavaScript)."""
        return not self.is_bound and bool(self.initial.get("service_query"))

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

    @classmethod
    def prefill(cls, initial: dict, query) -> dict:
        """`initial` with the answers another page started the form with, from its address:
        `?date=2026-03-02&channel=drop_in&language=ar&need=housing` (a drop-in's waiting
        queue does this). A value that is not a valid answer is left out; nothing is stored."""
        initial = dict(initial)
        try:
            day = date.fromisoformat(query.get("date") or "")
        except ValueError:
            day = None
        if day is not None and day <= timezone.localdate():
            initial["date"] = day
        if query.get("channel") in Channel.values:
            initial["channel"] = query["channel"]
        language = query.get("language") or ""
        if language and len(language) <= 16:
            initial["languages"] = [language]
        needs = [need for need in query.getlist("need") if need in Need.values]
        if needs:
            initial["needs"] = needs
        return initial

    def field_groups(self) -> list[dict]:
        return [
            {"title": None, "fields": [self[name] for name in self.QUICK]},
            {
                "title": _("What you did"),
                "fields": [self[name] for name in self.DONE],
                "open": any(self.has_error(name) for name in self.DONE) or self.searched(),
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
        if any(pk not in self._services_named for pk in ids):
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


def entered(form_class: type[forms.Form], data) -> dict:
    """What was entered in each field, read from `data` as the form would, to draw the form
    again (unbound, so without complaints) after a search inside it."""
    return {
        name: field.widget.value_from_datadict(data, {}, name)
        for name, field in form_class.base_fields.items()
    }


class LogFilterForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    channel = forms.ChoiceField(
        label=_("How"),
        required=False,
        choices=[("", pgettext_lazy("filter: no restriction", "Any"))] + Channel.choices,
    )
    need = forms.ChoiceField(
        label=_("Need"),
        required=False,
        choices=[("", pgettext_lazy("filter: no restriction", "Any"))] + Need.choices,
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    networker = forms.TypedChoiceField(
        label=_("Networker"), required=False, coerce=int, empty_value=None
    )
    follow_up = forms.TypedChoiceField(
        label=_("Follow-up needed"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    service = forms.CharField(
        label=_("Signposted to (service name or need)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", pgettext_lazy("filter: no restriction", "Any"))
        ] + selectors.log_filter_languages(programme=programme)
        self.fields["area"].choices = [("", pgettext_lazy("filter: no restriction", "Any"))] + list(
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
            follow_up=data.get("follow_up"),
            service_query=data.get("service") or "",
        )
