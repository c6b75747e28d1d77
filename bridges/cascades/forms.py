import uuid
from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.core.models import Language
from bridges.networkers.models import Community, NetworkerLanguage

from .models import ANSWER_MAX_LENGTH, PEOPLE_MAX, QUESTION_MAX_LENGTH, SHORT_MAX_LENGTH, Channel
from .services import MessageData, ReachData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REPORT_DAYS_BACK = 90  # a report of sharing longer ago than this is probably a typing slip


def message_languages(programme) -> list[tuple[str, str]]:
    """Languages a message may be for: the common ones and those the programme's networkers
    speak, by English name."""
    spoken = NetworkerLanguage.objects.filter(networker__programme=programme).values("language_id")
    return [
        (lang.pk, str(lang))
        for lang in Language.objects.filter(Q(common=True) | Q(pk__in=spoken)).order_by(
            "english_name"
        )
    ]


class MessageForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("What it is about, in a few words: “Winter vaccinations”."),
    )
    text = forms.CharField(
        label=_("The message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain words: what changed, who it is for, what to do and by when."),
    )
    short_text = forms.CharField(
        label=_("Short version for messaging apps"),
        max_length=SHORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences. A link to the full message is added when shared."),
    )
    source_language = forms.ChoiceField(label=_("Written in"))
    languages = forms.MultipleChoiceField(
        label=_("Languages to reach"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Networkers who speak these languages see the message on their home page."),
        error_messages={"required": _("Choose at least one language to reach")},
    )
    communities = forms.MultipleChoiceField(
        label=_("Communities to reach"), widget=forms.CheckboxSelectMultiple, required=False
    )
    checked_on = forms.DateField(
        label=_("Facts last checked"),
        required=False,
        widget=DATE,
        help_text=_("The day you checked the facts in it against their source."),
    )
    starts_on = forms.DateField(label=_("Share from"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Share until"),
        widget=DATE,
        help_text=_("After this day networkers no longer see it."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        languages = message_languages(programme)
        self.fields["source_language"].choices = languages
        self.fields["languages"].choices = languages
        self.fields["communities"].choices = [
            (str(c.pk), c.name) for c in Community.objects.for_programme(programme).order_by("name")
        ]

    @classmethod
    def initial_for(cls, message=None) -> dict:
        if message is None:
            today = timezone.localdate()
            return {"source_language": "en", "starts_on": today, "ends_on": today + timedelta(30)}
        return {
            "title": message.title,
            "text": message.text,
            "short_text": message.short_text,
            "source_language": message.source_language_id,
            "languages": [lang.pk for lang in message.languages.all()],
            "communities": [str(c.pk) for c in message.communities.all()],
            "checked_on": message.checked_on,
            "starts_on": message.starts_on,
            "ends_on": message.ends_on,
        }

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day must be the same as or after the first day"))
        checked = data.get("checked_on")
        if checked and checked > timezone.localdate():
            self.add_error(
                "checked_on", _("The day the facts were checked must not be in the future")
            )
        return data

    def message_data(self) -> MessageData:
        data = self.cleaned_data
        return MessageData(
            title=data["title"],
            text=data["text"],
            short_text=data["short_text"],
            source_language=data["source_language"],
            languages=data["languages"],
            communities=[int(pk) for pk in data["communities"]],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            checked_on=data.get("checked_on"),
        )


class ReachForm(forms.Form):
    """One time a networker shared a message: how, with how many people; no one is named."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("When did you share it?"), widget=DATE)
    channel = forms.ChoiceField(
        label=_("How did you share it?"),
        widget=forms.RadioSelect,
        choices=Channel.choices,
        error_messages={"required": _("Choose how you shared the message")},
    )
    language = forms.ChoiceField(
        label=_("In which language?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language you shared it in")},
    )
    people_reached = forms.IntegerField(
        label=_("About how many people did it reach?"),
        min_value=1,
        max_value=PEOPLE_MAX,
        help_text=_("Your best guess: people in the group, at the gate, listening."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    community = forms.ChoiceField(label=_("Community"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    question = forms.CharField(
        label=_("Questions or reactions that came back"),
        max_length=QUESTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Your coordinator answers questions, and the answer comes back to you. Write no names."
        ),
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = choices["languages"]
        blank = [("", _("Not recorded"))]
        self.fields["community"].choices = blank + choices["communities"]
        self.fields["area"].choices = blank + choices["areas"]

    @classmethod
    def fresh_initial(cls, *, language: str = "") -> dict:
        return {
            "client_id": uuid.uuid4(),
            "date": timezone.localdate(),
            "language": language,
        }

    def clean_date(self):
        day = self.cleaned_data["date"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(_("The date you shared it must be today or in the past"))
        if day < today - timedelta(days=REPORT_DAYS_BACK):
            raise forms.ValidationError(_("The date you shared it must be within the last 90 days"))
        return day

    def reach_data(self) -> ReachData:
        data = self.cleaned_data
        return ReachData(
            date=data["date"],
            channel=data["channel"],
            language=data["language"],
            people_reached=data["people_reached"],
            community=int(data["community"]) if data.get("community") else None,
            area=data.get("area") or None,
            question=data.get("question") or "",
        )


class MessageFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or message"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=pgettext_lazy("a key message's state", "Showing"),
        required=False,
        choices=[
            ("", pgettext_lazy("key messages", "All")),
            ("live", _("Being shared now")),
            ("upcoming", _("Not started")),
            ("ended", _("Ended")),
        ],
    )


class CascadeFilterForm(forms.Form):
    message = forms.ChoiceField(label=_("Key message"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, messages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [("", _("Every message"))] + [
            (str(m.pk), m.title) for m in messages
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must be the same as or after the start date"))
        return data


class QuestionFilterForm(forms.Form):
    message = forms.ChoiceField(label=_("Key message"), required=False)
    unanswered = forms.BooleanField(label=_("Only questions not answered yet"), required=False)

    def __init__(self, *args, messages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [("", _("Every message"))] + [
            (str(m.pk), m.title) for m in messages
        ]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "It is emailed to each networker who reported this question and shown on their "
            "key messages page. Plain words; no names."
        ),
    )


class MergeForm(forms.Form):
    into = forms.ChoiceField(
        label=_("Put these questions with"),
        error_messages={"required": _("Choose the question to put these with")},
    )

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [("", _("Choose a question"))] + [
            (str(g.pk), g.summary) for g in others
        ]
