import re
import uuid

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.contacts.models import Need
from bridges.core.models import Area, Language
from bridges.networkers.forms import language_choices

from . import consent
from .models import MESSAGE_MAX_LENGTH, SupportAssignment, SupportRequest

PHONE = re.compile(r"^[0-9+() \-]{7,40}$")
ContactBy = SupportRequest.ContactBy


class RequestForm(forms.Form):
    """The public "ask for help" form. Spam is kept out without third parties: a field hidden
    from people (a honeypot) and the shared rate limit on the view."""

    needs = forms.MultipleChoiceField(
        label=_("I need help with…"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
        error_messages={"required": _("Choose at least one thing you need help with.")},
    )
    language = forms.ChoiceField(
        label=_("I speak…"),
        help_text=_("The language you would like to be contacted in."),
        error_messages={"required": _("Choose the language you speak.")},
    )
    other_language = forms.ChoiceField(label=_("I also speak…"), required=False)
    area = forms.ModelChoiceField(
        label=_("I live in…"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("I would rather not say"),
        help_text=_("Your area helps us find a networker who knows it."),
    )
    contact_by = forms.ChoiceField(
        label=_("Contact me by…"),
        choices=ContactBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should contact you.")},
    )
    contact_detail = forms.CharField(
        label=_("Your phone number or email address"),
        max_length=254,
        help_text=_(
            "A phone number for a call, a text or a messaging app; an email address for email."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "tel"}),
        error_messages={"required": _("Enter how we can contact you.")},
    )
    name = forms.CharField(
        label=pgettext_lazy("public support form", "What should we call you?"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "given-name"}),
    )
    message = forms.CharField(
        label=_("Anything else we should know?"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_(
            "For example, the best time to call. You do not need to explain your situation here."
        ),
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _("Tick the box to agree, so that we can contact you about your request.")
        },
    )
    consent_version = forms.CharField(widget=forms.HiddenInput)
    # Hidden from people with CSS and from screen readers; bots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        choices = language_choices()
        self.fields["language"].choices = choices
        self.fields["other_language"].choices = choices
        wards = Area.objects.of_kind(Area.Kind.WARD)
        if programme.local_authority_id:
            wards = wards.filter(parent_id=programme.local_authority_id)
        else:
            wards = wards.none()
        self.fields["area"].queryset = wards.order_by("name")
        version = self.data.get("consent_version") if self.is_bound else None
        if version not in consent.versions():
            version = consent.CURRENT
        self.fields["consent"].label = consent.wording(version)

    @classmethod
    def fresh_initial(cls) -> dict:
        return {"token": uuid.uuid4(), "consent_version": consent.CURRENT}

    def has_areas(self) -> bool:
        return self.fields["area"].queryset.exists()

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_consent_version(self):
        version = self.cleaned_data["consent_version"]
        if version not in consent.versions():
            raise forms.ValidationError(_("Please send the form again."))
        return version

    def _language(self, code: str) -> Language | None:
        return Language.objects.filter(code=code).first() if code else None

    def clean(self):
        data = super().clean()
        how, detail = data.get("contact_by"), (data.get("contact_detail") or "").strip()
        if how and detail:
            if how == ContactBy.EMAIL:
                try:
                    validate_email(detail)
                except forms.ValidationError:
                    self.add_error(
                        "contact_detail",
                        _("Enter an email address like name@example.com, or choose another way."),
                    )
            elif not PHONE.match(detail):
                self.add_error(
                    "contact_detail",
                    _("Enter a phone number, like 07700 900123, or choose email."),
                )
        return data

    def request_data(self) -> dict:
        data = self.cleaned_data
        return {
            "token": data["token"],
            "needs": data["needs"],
            "language": self._language(data["language"]),
            "other_language": self._language(data.get("other_language") or ""),
            "area": data.get("area"),
            "contact_by": data["contact_by"],
            "contact_detail": data["contact_detail"],
            "name": data.get("name") or "",
            "message": data.get("message") or "",
            "consent_version": data["consent_version"],
        }


AGE_CHOICES = [
    ("", _("Any time")),
    ("day", _("Less than a day")),
    ("week", _("1 to 7 days")),
    ("older", _("More than 7 days")),
]


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), *SupportRequest.State.choices],
    )
    need = forms.ChoiceField(
        label=_("Need"), required=False, choices=[("", _("Any need")), *Need.choices]
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        required=False,
        queryset=Language.objects.all(),
        empty_label=_("Any language"),
    )
    age = forms.ChoiceField(label=_("Waiting for"), required=False, choices=AGE_CHOICES)


class AssignForm(forms.Form):
    networker = forms.IntegerField(widget=forms.HiddenInput)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why can you not take it?"),
        choices=SupportAssignment.DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything the coordinator should know?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is it closed?"),
        choices=SupportRequest.CloseReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the request is closed.")},
    )
