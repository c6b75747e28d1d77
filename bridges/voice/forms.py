import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.core.models import Area, Language
from bridges.networkers.models import Community

from .models import ServiceArea, State, Urgency
from .selectors import OPEN, OVERDUE
from .services import IssueData

EVIDENCE_HINT = _(
    "What people told you, how often, since when. Do not name anyone or write anything that "
    "would let someone be recognised."
)


class IssueForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    source = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    summary = forms.CharField(
        label=_("What is happening?"),
        help_text=_("One sentence, like “Families cannot register with a GP without a passport”."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}),
    )
    service_area = forms.ChoiceField(label=_("Which service area is it about?"))
    communities = forms.ModelMultipleChoiceField(
        label=_("Which communities does it affect?"),
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Which areas?"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_affected = forms.IntegerField(
        label=_("About how many people does it affect?"),
        help_text=_("Your best estimate."),
        min_value=1,
        max_value=1_000_000,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("What have you seen or heard?"),
        help_text=EVIDENCE_HINT,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Which language are you writing in?"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [
            ("", _("Choose a service area")),
            *ServiceArea.choices,
        ]
        self.fields["communities"].queryset = Community.objects.for_programme(programme)
        area_ids = programme_area_ids(programme)
        self.fields["areas"].queryset = Area.objects.filter(pk__in=area_ids).order_by("name")
        self.fields["language"].choices = [
            (language.code, str(language))
            for language in Language.objects.filter(common=True).order_by("english_name")
        ] or [("en", "English")]

    @staticmethod
    def fresh_initial(**initial) -> dict:
        return {"client_id": uuid.uuid4(), "urgency": Urgency.MEDIUM, **initial}

    def issue_data(self, *, source: str = "", source_id=None) -> IssueData:
        data = self.cleaned_data
        return IssueData(
            summary=data["summary"],
            service_area=data["service_area"],
            people_affected=data["people_affected"],
            urgency=data["urgency"],
            evidence=data["evidence"],
            language=data["language"],
            source=source,
            source_id=source_id,
            communities=list(data["communities"]),
            areas=list(data["areas"]),
        )


def programme_area_ids(programme) -> list[str]:
    """The wards of the programme's local authority (or none when it has none)."""
    if not programme.local_authority_id:
        return []
    return list(
        Area.objects.filter(
            parent_id=programme.local_authority_id, kind=Area.Kind.WARD
        ).values_list("pk", flat=True)
    )


class SupportForm(forms.Form):
    evidence = forms.CharField(
        label=_("What does your community see?"),
        help_text=EVIDENCE_HINT,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    people_affected = forms.IntegerField(
        label=_("About how many people in your community does it affect?"),
        min_value=1,
        max_value=1_000_000,
    )


class MergeForm(forms.Form):
    target = forms.TypedChoiceField(
        label=_("Merge this issue into"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (issue.pk, f"{issue.reference} — {issue.summary}") for issue in targets
        ]


class RouteForm(forms.Form):
    ORGANISATION, CONTACT = "organisation", "contact"
    to = forms.ChoiceField(
        label=_("Who owns this issue?"),
        choices=[
            (ORGANISATION, _("A partner organisation's staff on Bridges")),
            (CONTACT, _("A named council contact (they answer through a link by email)")),
        ],
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("Choose")
    )
    contact_name = forms.CharField(label=_("Contact's name"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact's email"), required=False)
    message = forms.CharField(
        label=_("Note for them"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if data.get("to") == self.ORGANISATION and not data.get("organisation"):
            self.add_error("organisation", _("Choose the organisation"))
        if data.get("to") == self.CONTACT:
            if not data.get("contact_name"):
                self.add_error("contact_name", _("Enter the contact's name"))
            if not data.get("contact_email") and "contact_email" not in self.errors:
                self.add_error("contact_email", _("Enter the contact's email"))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("What will you do about it?"),
        help_text=_("This goes back to the networkers who raised it and may be published."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )


class ResolveForm(forms.Form):
    public_summary = forms.CharField(
        label=_("You said"),
        help_text=_(
            "The issue in plain words for the public page. Name no person, and no place or "
            "community small enough to point at someone."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    public_answer = forms.CharField(
        label=_("We did"),
        help_text=_("What was done, for the public page and the networkers who raised it."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it closed without an answer?"), max_length=300, widget=forms.TextInput
    )


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", pgettext_lazy("all community issues", "All")),
            (OPEN, pgettext_lazy("community issues", "Open")),
            (OVERDUE, _("Waiting too long for an answer")),
            *State.choices,
        ],
    )
    service_area = forms.ChoiceField(
        label=_("Service area"),
        required=False,
        choices=[("", pgettext_lazy("any service area", "Any")), *ServiceArea.choices],
    )


class SimilarForm(forms.Form):
    summary = forms.CharField(label=_("What is happening?"), max_length=200, required=False)
