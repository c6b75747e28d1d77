import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.core.models import Language

from . import consent
from .models import ConsentGivenBy, ConsentMethod, ContactMethod, DeclineReason, State
from .selectors import OVERDUE
from .services import ReferralData

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class DateInput(forms.DateInput):
    input_type = "date"


def language_choices(*, common_only: bool = False):
    """Common languages first, then the rest, each named in English and in itself."""
    languages = Language.objects.order_by("-common", "english_name")
    if common_only:
        languages = languages.filter(common=True)
    return [(language.code, str(language)) for language in languages]


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, service):
        return f"{service.name} ({service.organization.name})"


class ReferralForm(forms.Form):
    """A referral on a phone: the service, the person's details, then their consent."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    contact = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    consent_wording_version = forms.CharField(max_length=20, widget=forms.HiddenInput)
    consent_language = forms.CharField(max_length=16, widget=forms.HiddenInput)

    service = ServiceChoiceField(label=_("Which service?"), queryset=None)
    person_name = forms.CharField(
        label=_("Their name"),
        help_text=_("As they would like the service to call them."),
        max_length=200,
    )
    language = forms.ChoiceField(label=_("The language they prefer"))
    interpreter_needed = forms.ChoiceField(
        label=_("Do they need an interpreter?"), choices=YES_NO, widget=forms.RadioSelect
    )
    contact_method = forms.ChoiceField(
        label=_("How should the service contact them?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
    )
    contact_detail = forms.CharField(
        label=_("Phone number or email"),
        help_text=_("Leave empty if the service should contact them through you."),
        required=False,
        max_length=200,
    )
    note = forms.CharField(
        label=_("What the service needs to know"),
        help_text=_(
            "Only what the service needs to help, in a few words. No health details unless "
            "the person asked you to share them."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_given_by = forms.ChoiceField(
        label=_("Who agreed?"), choices=ConsentGivenBy.choices, widget=forms.RadioSelect
    )
    consent_method = forms.ChoiceField(
        label=_("How did they agree?"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    consent_confirmed = forms.BooleanField(
        label=_("I read or interpreted the wording above to them, and they agreed to it."),
    )

    def __init__(self, *args, programme, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["service"].queryset = services
        self.fields["language"].choices = [("", "")] + language_choices()

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if (
            method in (ContactMethod.PHONE, ContactMethod.TEXT, ContactMethod.EMAIL)
            and not (cleaned.get("contact_detail") or "").strip()
        ):
            self.add_error(
                "contact_detail", _("Give the number or email, or choose through the networker.")
            )
        if cleaned.get("consent_wording_version") not in consent.WORDINGS:
            raise forms.ValidationError(_("The consent wording shown is not known: start again."))
        return cleaned

    def referral_data(self) -> ReferralData:
        data = self.cleaned_data
        service = data["service"]
        return ReferralData(
            service_id=str(service.pk),
            person_name=data["person_name"],
            contact_method=data["contact_method"],
            contact_detail=data["contact_detail"],
            note=data["note"],
            language=data["language"],
            interpreter_needed=data["interpreter_needed"] == "yes",
            consent_given_by=data["consent_given_by"],
            consent_method=data["consent_method"],
            consent_purpose=str(
                _("To be contacted by %(service)s about this referral.") % {"service": service.name}
            )[:300],
            consent_wording_version=data["consent_wording_version"],
            consent_language=data["consent_language"],
        )

    @staticmethod
    def initial_for(*, language: str, contact=None) -> dict:
        return {
            "client_id": uuid.uuid4(),
            "contact": contact.pk if contact else "",
            "consent_wording_version": consent.CURRENT,
            "consent_language": consent.language_shown(language=language),
            "language": language,
        }


class WordingLanguageForm(forms.Form):
    """Show the consent wording in the person's language (a GET form above the referral)."""

    wording = forms.ChoiceField(label=_("Show the consent wording in"), required=False)
    contact = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wording"].choices = [(code, name) for code, name in settings.LANGUAGES]


class MoveForm(forms.Form):
    state = forms.ChoiceField(label=_("What happened?"), widget=forms.RadioSelect)
    decline_reason = forms.ChoiceField(
        label=_("If declined, why?"),
        choices=[("", "")] + DeclineReason.choices,
        required=False,
    )
    outcome_note = forms.CharField(
        label=_("Note for the referrer"),
        help_text=_("Do not add health or other sensitive details."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed: tuple, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, State(s).label) for s in allowed]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") == State.DECLINED and not cleaned.get("decline_reason"):
            self.add_error("decline_reason", _("Say why the referral is declined."))
        return cleaned


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the details be kept?"),
        help_text=_("For example: a court case, a complaint or an insurance claim."),
        max_length=300,
    )
    review_on = forms.DateField(label=_("Review the hold on"), widget=DateInput(format="%Y-%m-%d"))

    def clean_review_on(self):
        value = self.cleaned_data["review_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("The review date must be in the future."))
        return value


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", pgettext_lazy("all referrals", "All")),
            (OVERDUE, _("Overdue")),
            *State.choices,
        ],
        required=False,
    )
    # The programme's common languages: a select of every language costs more to draw than
    # the rest of the page (bench/RESULTS.md, referrals).
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", pgettext_lazy("any language", "Any"))
        ] + language_choices(common_only=True)
