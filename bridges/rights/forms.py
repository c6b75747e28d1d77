from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    name = forms.CharField(
        label=_("The person's name"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        help_text=_("As they gave it. Upper and lower case and extra spaces do not matter."),
        error_messages={"required": _("Enter the person's name.")},
    )
    contact = forms.CharField(
        label=_("Phone number or email address (optional)"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        help_text=_("Also finds records with this contact detail under another spelling."),
    )


class EraseForm(SearchForm):
    reason = forms.CharField(
        label=_("Why are these details erased?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the person's request of 3 March, received by email. "
            "Do not write their name or contact details here: this is kept."
        ),
        error_messages={"required": _("Say why the details are erased.")},
    )
    confirm = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget = forms.HiddenInput()
        self.fields["contact"].widget = forms.HiddenInput()


class HiddenSearchForm(SearchForm):
    """The search again, carried by the export and erase buttons (by POST, never in the
    address)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.HiddenInput()
