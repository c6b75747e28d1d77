from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridges.core.models import Language

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
        label=_("Module"), queryset=Module.objects.none(), required=False, empty_label=_("Any")
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Any")), *TrainingSession.Kind.choices],
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
