from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.core.models import Language
from bridges.networkers.models import Networker

from .models import Module, TrainingSession


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "kind",
            "title",
            "modules",
            "starts_at",
            "ends_at",
            "venue",
            "venue_notes",
            "trainer",
            "capacity",
            "languages",
            "interpreting_note",
            "cancelled",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "modules": forms.CheckboxSelectMultiple,
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "venue_notes": forms.Textarea(attrs={"rows": 3}),
            "languages": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = Module.objects.available_to(programme).active()
        self.fields["languages"].queryset = programme.languages.all() or Language.objects.filter(
            common=True
        )
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["starts_at"].help_text = _("Local time, for example 2027-01-14 18:00.")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        if data.get("kind") == TrainingSession.Kind.SESSION and not data.get("modules"):
            self.add_error("modules", _("Choose the module or modules this session covers."))
        return data


class SessionFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        required=False,
    )
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.none(),
        required=False,
        empty_label=pgettext_lazy("filter: no restriction", "Any"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("", pgettext_lazy("filter: no restriction", "Any")),
            *TrainingSession.Kind.choices,
        ],
        required=False,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.available_to(programme).active()


class CompletionForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none())
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.available_to(programme).active()

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A completion cannot be in the future."))
        return value


class ModuleForm(forms.ModelForm):
    """A programme's own module (the national curriculum is loaded from data, not edited here)."""

    class Meta:
        model = Module
        fields = [
            "title",
            "slug",
            "summary",
            "learning_outcomes",
            "materials",
            "required",
            "refresher_months",
            "last_checked",
            "order",
            "is_active",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 6}),
            "materials": forms.Textarea(attrs={"rows": 20}),
            "last_checked": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "materials": _(
                "Plain text. Leave a blank line between paragraphs; start a line with “## ” for "
                "a heading and “- ” for a list item."
            ),
            "last_checked": _("The day an editor last checked every fact in this module."),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        clash = Module.objects.available_to(self.programme).filter(slug=slug)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another module already uses this short name."))
        return slug


class ProgressFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[("", _("All except those who left")), *Networker.Stage.choices],
        required=False,
    )


class BookSomeoneForm(forms.Form):
    """A coordinator books a networker: one of those not yet booked (and not left)."""

    networker = forms.TypedChoiceField(
        label=_("Book a networker (for someone who phoned, or has no smartphone)"),
        coerce=int,
        error_messages={
            "required": _("Choose a networker to book."),
            "invalid_choice": _("Choose a networker to book."),
        },
    )

    def __init__(self, *args, networkers, **kwargs):
        kwargs.setdefault("auto_id", "book-%s")
        super().__init__(*args, **kwargs)
        self.fields["networker"].choices = [(n.pk, n.display_name) for n in networkers]


def _register_label(row: dict):
    """A register row's label: the name, "not booked" for a walk-in, and for screen readers
    what is already recorded."""
    label = format_html("{}", row["networker"].display_name)
    if not row["booked"]:
        label = format_html('{} <span class="tag tag-grey">{}</span>', label, _("not booked"))
    if row["attended"] is not None:
        recorded = _("(recorded as present)") if row["attended"] else _("(recorded as absent)")
        label = format_html('{} <span class="visually-hidden">{}</span>', label, recorded)
    return label


class AttendanceForm(forms.Form):
    """The register: everyone on it is sent (hidden), those ticked attended; a walk-in is added
    as present. Values outside the register and the walk-in list are refused, not ignored."""

    register = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )
    attended = forms.TypedMultipleChoiceField(
        label=_("Who attended?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Tick only people on the register.")},
    )
    walk_in = forms.TypedChoiceField(
        label=_("Someone came without booking? Add them as present"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose someone from the list, or nobody else.")},
    )

    def __init__(self, *args, rows: list[dict], walk_in_choices, **kwargs):
        super().__init__(*args, **kwargs)
        on_register = [(row["networker"].pk, row["networker"].display_name) for row in rows]
        walk_ins = [(n.pk, n.display_name) for n in walk_in_choices]
        # Someone may have booked or been added between showing the register and saving it:
        # anyone on either list is accepted, but only the register is drawn as tick boxes.
        self.fields["register"].choices = on_register + walk_ins
        self.fields["attended"].choices = on_register + walk_ins
        self.fields["attended"].widget.choices = [
            (row["networker"].pk, _register_label(row)) for row in rows
        ]
        self.fields["walk_in"].choices = [("", _("Nobody else")), *walk_ins]
        self.initial.setdefault("register", [row["networker"].pk for row in rows])
        self.initial.setdefault(
            "attended", [row["networker"].pk for row in rows if row["attended"]]
        )
