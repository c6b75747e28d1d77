from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Concern, SafeguardingSettings


class DateInput(forms.DateInput):
    input_type = "date"


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ConcernForm(forms.Form):
    """What someone raising a concern tells the leads: short, in a few steps, on a phone."""

    about = forms.ChoiceField(
        label=_("Who is the concern about?"),
        choices=Concern.About.choices,
        widget=forms.RadioSelect,
    )
    immediate_risk = forms.ChoiceField(
        label=_("Is someone at risk of harm right now?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("If they are in immediate danger, call 999 first."),
    )
    what_happened = forms.CharField(
        label=_("What happened, or what worried you?"),
        help_text=_(
            "Write what you saw or were told, in the words used if you can. "
            "Say who was involved. Do not investigate yourself."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    happened_on = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("If you are not sure, the date you found out."),
        widget=DateInput(format="%Y-%m-%d"),
    )
    place = forms.CharField(label=_("Where did it happen?"), required=False, max_length=300)
    action_already_taken = forms.CharField(
        label=_("Have you or anyone else done anything about it yet?"),
        help_text=_("For example: called the police, spoke to a teacher."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    # The raiser's own contact record it is raised from (checked again by the view).
    contact = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def clean_happened_on(self):
        value = self.cleaned_data["happened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def concern_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("contact", None)
        data["immediate_risk"] = data["immediate_risk"] == "yes"
        return data


class StateFilterForm(forms.Form):
    """The raiser's list: filter by state."""

    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", pgettext_lazy("all safeguarding concerns", "All")), *Concern.State.choices],
        required=False,
    )


class InboxFilterForm(forms.Form):
    """The leads' inbox: filter by state, or only those past the acknowledgement deadline."""

    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All")), ("overdue", _("Overdue")), *Concern.State.choices],
        required=False,
    )


class ActionForm(forms.Form):
    referral = forms.ChoiceField(
        label=_("What action was taken?"),
        choices=Concern.Referral.choices,
        widget=forms.RadioSelect,
    )
    taken_on = forms.DateField(
        label=_("Date of the action"),
        widget=DateInput(format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Who you spoke to, any reference number, and what happens next."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = timezone.localdate()

    def clean_taken_on(self):
        value = self.cleaned_data["taken_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=pgettext_lazy("safeguarding concern", "Outcome"),
        help_text=_("Why the concern can be closed, and what was the result."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )
    # Closing is final: the lead is asked first.
    confirm = forms.BooleanField(
        label=_("I understand that a closed concern cannot be reopened."),
        error_messages={"required": _("Tick the box to confirm that you want to close it.")},
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = SafeguardingSettings
        fields = [
            "contact_text",
            "contact_phone",
            "contact_email",
            "hours",
            "acknowledge_within_hours",
        ]
