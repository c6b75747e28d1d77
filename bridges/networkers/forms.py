import re
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from bridges.core.concurrency import VersionedForm
from bridges.core.locale_format import format_number
from bridges.core.models import Area, Language
from bridges.core.templatetags.bidi import ltr_text

from .models import DBSCheck, DBSLevel, Networker, NetworkerLanguage, VettingRecord
from .services import (
    APPLICATION_FORM_MAX_AGE,
    RECORDS_NEEDED_FROM,
    LanguageLevel,
    VettingEntry,
    application_retention_days,
    vetting_records_needed,
)

STARTED_SALT = "networkers.application.started"
PHONE = re.compile(r"^[0-9+() \-]{7,40}$")


def min_fill_seconds() -> float:
    return settings.NETWORKERS_MIN_FILL_SECONDS


def language_choices(programme=None) -> list:
    """Languages for a picker, each named in English and in itself: the programme's own
    languages first, then those often spoken here, then all others; never extinct, ancient or
    constructed languages. Two queries; the result is passed to every row of the formset."""
    from bridges.core.reference import unspoken_language_codes  # pycountry: load on first use

    unspoken = unspoken_language_codes()
    own_codes = set(programme.languages.values_list("code", flat=True)) if programme else set()
    own, common, others = [], [], []
    for language in Language.objects.only("code", "english_name", "native_name", "common"):
        if language.code in unspoken:
            continue
        if language.code in own_codes:
            own.append((language.code, str(language)))
        elif language.common:
            common.append((language.code, str(language)))
        else:
            others.append((language.code, str(language)))
    groups = [("", _("Choose a language"))]
    if own:
        groups.append((_("Languages of this programme"), own))
    groups += [(_("Often spoken here"), common), (_("All languages"), others)]
    return groups


class LanguageLevelForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(
        label=_("How well you speak it"),
        required=False,
        choices=[("", _("Choose a level")), *NetworkerLanguage.Level.choices],
    )

    def __init__(self, *args, languages: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages

    def clean(self):
        data = super().clean()
        if data.get("language") and not data.get("level"):
            self.add_error("level", _("Choose how well you speak this language."))
        if data.get("level") and not data.get("language"):
            self.add_error("language", _("Choose the language you speak at this level."))
        return data


class BaseLanguageFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("language") for form in self.forms):
            raise forms.ValidationError(_("Tell us at least one language you speak."))

    def language_levels(self) -> list[LanguageLevel]:
        codes = [f.cleaned_data["language"] for f in self.forms if f.cleaned_data.get("language")]
        found = Language.objects.in_bulk(codes)
        return [
            LanguageLevel(language=found[f.cleaned_data["language"]], level=f.cleaned_data["level"])
            for f in self.forms
            if f.cleaned_data.get("language") in found
        ]


LanguageFormSet = forms.formset_factory(
    LanguageLevelForm, formset=BaseLanguageFormSet, extra=0, max_num=12, validate_max=True
)


MAX_LANGUAGES = 12


def language_formset(
    data=None, *, initial: list[dict] | None = None, blank_rows: int = 3, programme=None
):
    initial = initial or []
    formset_class = forms.formset_factory(
        LanguageLevelForm,
        formset=BaseLanguageFormSet,
        extra=blank_rows,
        max_num=MAX_LANGUAGES,
        validate_max=True,
    )
    return formset_class(
        data,
        initial=initial,
        prefix="lang",
        form_kwargs={"languages": language_choices(programme)},
    )


def language_row_added(data):
    """The form's data with one more (empty) language row, up to the most allowed, for the
    "Add another language" button, which works without JavaScript."""
    data = data.copy()
    total = int(data.get("lang-TOTAL_FORMS") or 0)
    data["lang-TOTAL_FORMS"] = str(min(total + 1, MAX_LANGUAGES))
    return data


def shown_without_errors(*forms_and_formsets):
    """Bound forms drawn again with what was typed, but no errors (after "Add another
    language", nothing was sent yet)."""
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            item._non_form_errors = item.error_class()
            item._errors = []
            for form in item.forms:
                form._errors = ErrorDict()
                item._errors.append(form._errors)
        else:
            item._errors = ErrorDict()


def split_communities(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n،؛]", text or "") if part.strip()]


class ProfileForm(forms.Form):
    """What a networker tells us about themselves: the asset-based picture."""

    display_name = forms.CharField(label=_("Your name"), max_length=150)
    # Which of these two is needed depends on the way to contact chosen below, so neither is
    # marked "(optional)": each hint says when it is needed.
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("Needed if we should contact you by email."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Needed if we should call you, text you or use a messaging app."),
    )
    preferred_contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Networker.Channel.choices,
        widget=forms.RadioSelect,
        initial=Networker.Channel.EMAIL,
    )
    communities = forms.CharField(
        label=_("Communities you are connected to"),
        required=False,
        max_length=1000,
        help_text=_(
            "For example: Eritrean community, a mosque or church, a parents' group. "
            "Separate them with commas."
        ),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of the city you know well"),
        required=False,
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Your skills"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Work, study, caring, organising, cooking, sport: anything you are good at."),
    )
    lived_experience = forms.CharField(
        label=_("Your experience of settling in this country"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what you are happy to share. It helps us see what you can offer."),
    )
    interests = forms.MultipleChoiceField(
        label=_("What would you like to do?"),
        required=False,
        choices=Networker.Interest.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_days = forms.MultipleChoiceField(
        label=_("Days you could help"),
        required=False,
        choices=Networker.Day.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_times = forms.MultipleChoiceField(
        label=_("Times you could help"),
        required=False,
        choices=Networker.TimeOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "phone"):
            self.fields[name].optional_mark = False
        wards = Area.objects.of_kind(Area.Kind.WARD).order_by("name")
        if programme.local_authority_id:
            wards = wards.within(programme.local_authority_id)
        else:
            wards = wards.none()
        self.fields["areas"].queryset = wards
        if not programme.local_authority_id:
            del self.fields["areas"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number using digits, spaces and + only, like 07700 900123.")
            )
        return phone

    def clean(self):
        data = super().clean()
        email, phone = data.get("email"), data.get("phone")
        channel = data.get("preferred_contact")
        if "email" in data and "phone" in data and not email and not phone:
            raise forms.ValidationError(
                _("Give an email address or a phone number, so that we can reply.")
            )
        if channel == Networker.Channel.EMAIL and "email" in data and not email:
            self.add_error(
                "email", _("Give an email address, or choose another way to contact you.")
            )
        if channel in (
            Networker.Channel.PHONE,
            Networker.Channel.TEXT,
            Networker.Channel.MESSAGING,
        ):
            if "phone" in data and not phone:
                self.add_error(
                    "phone", _("Give a phone number, or choose another way to contact you.")
                )
        return data

    def community_names(self) -> list[str]:
        return split_communities(self.cleaned_data.get("communities", ""))

    def profile_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "display_name",
                "email",
                "phone",
                "preferred_contact",
                "skills",
                "lived_experience",
                "interests",
                "availability_days",
                "availability_times",
            )
        }


def retention_months() -> int:
    """How long an application is kept, in whole months (at least one), from the setting."""
    return max(1, round(application_retention_days() / 30.4375))


def retention_notice() -> str:
    months = retention_months()
    return ngettext(
        "We keep an application for %(count)s month. If you become a networker we keep your "
        "profile while you volunteer. You can ask us to delete it at any time.",
        "We keep an application for %(count)s months. If you become a networker we keep your "
        "profile while you volunteer. You can ask us to delete it at any time.",
        months,
    ) % {"count": format_number(months)}


class ApplicationForm(ProfileForm):
    """The public expression of interest. Spam is kept out without third parties: a field
    hidden from people (a honeypot) and a minimum time to fill the form in."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the programme may keep this information to contact me about volunteering."
        ),
        error_messages={"required": _("Tick the box to agree, so that we can keep your answers.")},
    )
    # Hidden from people with CSS and from screen readers; bots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput)

    field_order = [
        "display_name",
        "email",
        "phone",
        "preferred_contact",
        "communities",
        "areas",
        "skills",
        "lived_experience",
        "interests",
        "availability_days",
        "availability_times",
        "consent",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = retention_notice()

    @classmethod
    def fresh_initial(cls) -> dict:
        return {
            "token": uuid.uuid4(),
            "started": signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT),
        }

    def is_spam(self) -> bool:
        """True when a bot filled the hidden field. Checked after is_valid()."""
        return bool(self.cleaned_data.get("website"))

    def clean_started(self):
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=STARTED_SALT, max_age=APPLICATION_FORM_MAX_AGE
            )
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("This form has expired. Please check your answers and send it again.")
            ) from error
        if timezone.now().timestamp() - float(started) < min_fill_seconds():
            raise forms.ValidationError(
                _("That was very quick. Please check your answers and send the form again.")
            )
        return started


class ProfileEditForm(VersionedForm, ProfileForm):
    """A networker editing their own profile: carries the version it was shown with."""


class StaffProfileForm(VersionedForm, ProfileForm):
    display_name = forms.CharField(label=_("Name"), max_length=150)
    hours_given = forms.DecimalField(
        label=_("Hours given"), min_value=0, max_digits=8, decimal_places=1
    )
    dbs_level_needed = forms.ChoiceField(
        label=_("DBS check the role needs"),
        required=False,
        choices=[("", _("Not decided yet")), *DBSLevel.choices],
        help_text=_(
            "Eligibility follows the role: asking for a higher check than the role allows is "
            "unlawful. Befriending or signposting adults is often eligible only for a Basic "
            "check. Check with the DBS eligibility tool."
        ),
    )

    def profile_data(self) -> dict:
        return {**super().profile_data(), "dbs_level_needed": self.cleaned_data["dbs_level_needed"]}


class DateInput(forms.DateInput):
    input_type = "date"


Kind = VettingRecord.Kind

# For each kind of vetting record, its fields on a form and what each must say when missing.
VETTING_FIELDS = {
    Kind.INTERVIEW: ("interview_on", "interview_by"),
    Kind.REFERENCE: ("reference_on", "reference_from"),
    Kind.RIGHT_TO_VOLUNTEER: ("document_on", "document"),
}
VETTING_MISSING = {
    "interview_on": _("Enter the date the interview was held"),
    "interview_by": _("Enter who held the interview"),
    "reference_on": _("Enter the date the reference was received"),
    "reference_from": _(
        "Enter who gave the reference, as their role or relationship to the applicant"
    ),
    "document_on": _("Enter the date the document was seen"),
    "document": _("Choose the kind of document you saw"),
}


def vetting_fields(kinds) -> dict:
    """The fields that record each of `kinds`, none required by itself: the form decides
    which are needed (by the stage chosen, or the kind of record chosen)."""
    fields = {}
    if Kind.INTERVIEW in kinds:
        fields["interview_on"] = forms.DateField(
            label=_("Date the interview was held"),
            required=False,
            widget=DateInput(format="%Y-%m-%d"),
        )
        fields["interview_by"] = forms.CharField(
            label=_("Who held the interview"),
            required=False,
            max_length=200,
            help_text=_("The names of the staff or volunteers who held it."),
        )
    if Kind.REFERENCE in kinds:
        fields["reference_on"] = forms.DateField(
            label=_("Date the reference was received"),
            required=False,
            widget=DateInput(format="%Y-%m-%d"),
        )
        fields["reference_from"] = forms.CharField(
            label=_("Who gave the reference"),
            required=False,
            max_length=200,
            help_text=_(
                "Their role or relationship to the applicant, such as “former manager” or "
                "“college tutor”. Not a copy of the reference."
            ),
        )
    if Kind.RIGHT_TO_VOLUNTEER in kinds:
        fields["document_on"] = forms.DateField(
            label=_("Date the document was seen"),
            required=False,
            widget=DateInput(format="%Y-%m-%d"),
        )
        fields["document"] = forms.ChoiceField(
            label=_("Document seen for the right to volunteer"),
            required=False,
            choices=VettingRecord.Document.choices,
            widget=forms.RadioSelect,
            help_text=_("Only the kind of document. Do not write down its number or keep a copy."),
        )
    return fields


class VettingFieldsMixin:
    """Validates the vetting fields of `kinds_needed` (all required) and of any other kind a
    coordinator started to fill in (then complete), and turns them into entries."""

    def _clean_vetting(self, data: dict, kinds_needed) -> None:
        today = timezone.localdate()
        for kind, names in VETTING_FIELDS.items():
            if names[0] not in self.fields:
                continue
            started = any(data.get(name) for name in names)
            if kind not in kinds_needed and not started:
                continue
            for name in names:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, VETTING_MISSING[name])
            date_name = names[0]
            if data.get(date_name) and data[date_name] > today:
                self.add_error(date_name, _("The date cannot be in the future"))

    def vetting_entries(self) -> list[VettingEntry]:
        data = self.cleaned_data
        entries = []
        for kind, (date_name, _detail) in VETTING_FIELDS.items():
            if date_name not in self.fields or not data.get(date_name):
                continue
            entries.append(
                VettingEntry(
                    kind=kind,
                    done_on=data[date_name],
                    held_by=data.get("interview_by", "") if kind == Kind.INTERVIEW else "",
                    referee=data.get("reference_from", "") if kind == Kind.REFERENCE else "",
                    document=data.get("document", "") if kind == Kind.RIGHT_TO_VOLUNTEER else "",
                    note=data.get("note", "") or "",
                )
            )
        return entries


class MoveForm(VettingFieldsMixin, forms.Form):
    """Move a person to another stage. A stage forward asks for the records it needs that are
    not yet kept (`missing_kinds`); becoming active may send the sign-in invitation at once."""

    to_stage = forms.ChoiceField(label=_("Move to"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed when pausing or leaving. Do not include health or other sensitive details."
        ),
    )

    def __init__(
        self,
        *args,
        choices: list[str],
        missing_kinds=(),
        invite_to: str = "",
        interviewer: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Networker.Stage(s).label) for s in choices]
        if len(choices) >= 1:
            self.fields["to_stage"].initial = choices[0]
        # Only the records some choice here needs and that are not kept yet.
        needed_here = set()
        for stage in choices:
            needed_here.update(vetting_records_needed(to_stage=stage))
        self.missing_kinds = [k for k in Kind.values if k in missing_kinds and k in needed_here]
        self.fields.update(vetting_fields(self.missing_kinds))
        if "interview_by" in self.fields:
            self.fields["interview_by"].initial = interviewer
        if invite_to and Networker.Stage.ACTIVE in choices:
            self.fields["send_invitation"] = forms.BooleanField(
                label=_("Send them an invitation to sign in as a networker, to %(email)s")
                % {"email": ltr_text(invite_to)},
                required=False,
                initial=True,
                help_text=_("Only when they move to Active."),
            )

    def vetting_groups(self) -> list[dict]:
        """The record fields on the page, one group per kind, with the stage that needs it."""
        stages = {kind: Networker.Stage(stage).label for kind, stage in RECORDS_NEEDED_FROM.items()}
        return [
            {"kind": kind, "label": Kind(kind).label, "stage": stages[kind]}
            | {"fields": [self[name] for name in VETTING_FIELDS[kind]]}
            for kind in self.missing_kinds
        ]

    def clean(self):
        data = super().clean()
        to_stage = data.get("to_stage")
        if (
            to_stage in (Networker.Stage.PAUSED, Networker.Stage.LEFT)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give a reason for pausing or leaving."))
        needed = set(vetting_records_needed(to_stage=to_stage)) if to_stage else set()
        self._clean_vetting(data, needed & set(self.missing_kinds))
        return data


class VettingRecordForm(VettingFieldsMixin, forms.Form):
    """Record one thing done in vetting: an interview, a reference, the right to volunteer."""

    kind = forms.ChoiceField(
        label=_("What was done"), choices=Kind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only what the programme needs to know. Do not copy a reference or a document, "
            "and do not include health or other sensitive details."
        ),
    )

    field_order = ["kind"]

    def __init__(self, *args, interviewer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(vetting_fields(Kind.values))
        self.fields["interview_by"].initial = interviewer
        self.order_fields(["kind", *[n for names in VETTING_FIELDS.values() for n in names]])

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # Only the chosen kind's fields count; the others are cleared.
        for other, names in VETTING_FIELDS.items():
            if other != kind:
                for name in names:
                    data[name] = None if name.endswith("_on") else ""
                    self._errors.pop(name, None)
        self._clean_vetting(data, {kind} if kind else set())
        return data


class DBSForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level of check"), choices=DBSCheck.Level.choices, widget=forms.RadioSelect
    )
    checked_on = forms.DateField(
        label=_("Date on the certificate"), widget=DateInput(format="%Y-%m-%d")
    )
    renewal_due = forms.DateField(
        label=_("Renewal due"),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text=_("Leave empty to use the programme's usual period (3 years)."),
    )
    on_update_service = forms.BooleanField(
        label=_("The networker subscribes to the DBS Update Service"), required=False
    )
    confirm_seen = forms.BooleanField(
        label=_("I have seen the original certificate. I have not copied or kept it."),
        error_messages={"required": _("Confirm that you have seen the original certificate.")},
    )

    def clean(self):
        data = super().clean()
        checked, due = data.get("checked_on"), data.get("renewal_due")
        if checked and checked > timezone.localdate():
            self.add_error("checked_on", _("The certificate date cannot be in the future."))
        if checked and due and due <= checked:
            self.add_error("renewal_due", _("The renewal date must be after the certificate date."))
        return data


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    # Chosen with the stage links above the form; the form carries it along as a hidden value.
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", pgettext_lazy("filter: no restriction", "Any"))] + Networker.Stage.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no such stage: choose one of the stages.")},
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    community = forms.TypedChoiceField(
        label=_("Community"), required=False, coerce=int, empty_value=None
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("", _("Longest waiting first for Applied, else by name")),
            ("name", _("By name")),
            ("waiting", _("Longest in their stage first")),
        ],
    )

    def __init__(self, *args, languages, communities, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", pgettext_lazy("filter: no restriction", "Any"))
        ] + languages
        self.fields["community"].choices = [
            ("", pgettext_lazy("filter: no restriction", "Any"))
        ] + communities
        self.fields["area"].choices = [("", pgettext_lazy("filter: no restriction", "Any"))] + areas
