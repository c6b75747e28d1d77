from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AuditEvent, Organisation
from .roles import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (optional)"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, programme, can_invite_admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = programme.organisations.all()
        if not can_invite_admin:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.ADMIN]


class InvitationAcceptForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Avoid common words and passwords."),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self):
        password = self.cleaned_data["password"]
        from .models import User

        validate_password(password, User(email=self.email))
        return password


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Person or subject"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", pgettext_lazy("filter: no restriction", "Any"))] + AuditEvent.Action.choices,
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or email"), required=False, max_length=200, widget=forms.SearchInput
    )
