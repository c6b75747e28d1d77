from django import forms
from django.utils.translation import gettext_lazy as _

from bridges.core.concurrency import VersionedForm

from .registry import TranslatableKind


def field_name(segment_key: str) -> str:
    return "seg__" + segment_key.replace(".", "__")


class TranslateForm(VersionedForm):
    """One field per segment of the source, in its order; a draft may leave any empty."""

    credit = forms.BooleanField(
        label=_("Name me on the public page as a translator of this text"), required=False
    )

    def __init__(self, *args, kind: TranslatableKind, source: dict, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.source = source
        self.segment_fields = []
        direction = "rtl" if language in _bidi() else "ltr"
        for key in source:
            multiline = kind.is_multiline(key)
            attrs = {"lang": language, "dir": direction, "autocomplete": "off"}
            if multiline:
                attrs["rows"] = 5
            widget = forms.Textarea(attrs=attrs) if multiline else forms.TextInput(attrs=attrs)
            name = field_name(key)
            self.fields[name] = forms.CharField(
                label=kind.label_of(key), required=False, widget=widget, max_length=20000
            )
            self.segment_fields.append((key, name))
        # The credit choice after the texts.
        self.order_fields([*(name for _key, name in self.segment_fields), "credit", "version"])

    def segments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name, "") for key, name in self.segment_fields}

    def rows(self, *, changed: set[str], previous_source: dict):
        """(segment key, source text, bound field, changed since approval, old source)."""
        for key, name in self.segment_fields:
            yield {
                "key": key,
                "source": self.source[key],
                "field": self[name],
                "changed": key in changed,
                "previous": previous_source.get(key, ""),
            }


class ReviewForm(VersionedForm):
    comment = forms.CharField(
        label=_("Comment for the translator"),
        help_text=_("Needed to send it back: say what to change."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    credit = forms.BooleanField(
        label=_("Name me on the public page as the reviewer of this text"), required=False
    )


def _bidi() -> list[str]:
    from django.conf import settings

    return settings.LANGUAGES_BIDI


class CoverageFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of content"), required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *((k.key, k.label) for k in kinds)]
