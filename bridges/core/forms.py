"""Helpers for the forms every app builds (the markup is in core/templates/core/forms/)."""

from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.core.locale_format import format_number


def filter_values(form: forms.Form) -> dict:
    """The values of a GET filter form that passed validation.

    A malformed value (a stage that does not exist, a word too long) is left out and shown in
    the form's error summary; the filters that are valid still apply. An unbound form (the page
    opened without filters) gives nothing.
    """
    if not form.is_bound:
        return {}
    form.is_valid()
    return dict(form.cleaned_data)


# --- GOV.UK error messages -------------------------------------------------------------------
# Django's own messages ("This field is required.", "Ensure this value has at most 4000
# characters (it has 4012).") name no field and do not say how to fix it. Every form is drawn by
# the shared partials (core/templates/core/forms/), which show each field's errors through
# `field_errors`: a message that is still Django's own wording is rewritten from the field's
# label ("Enter your name", "Your message must be 4,000 characters or fewer"). A message a form
# wrote itself (a field's `error_messages=`, a `ValidationError` in `clean`) is never touched, so
# `error_messages={"required": ...}` on a field is the per-field override.

DJANGO_VALIDATOR_MESSAGES = {
    "max_length": [validators.MaxLengthValidator.message],
    "min_length": [validators.MinLengthValidator.message],
    "max_value": [validators.MaxValueValidator.message],
    "min_value": [validators.MinValueValidator.message],
    "invalid": [validators.EmailValidator.message, validators.URLValidator.message],
}


def _render(message, params) -> str:
    try:
        return str(message % params) if params else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)


def _django_wording(field: forms.Field, code: str, params) -> set[str]:
    """Django's own wording of an error with this code on this field, in the current language."""
    texts = set()
    for klass in type(field).__mro__:
        message = getattr(klass, "default_error_messages", {}).get(code)
        if message is not None:
            texts.add(_render(message, params))
    for message in DJANGO_VALIDATOR_MESSAGES.get(code, []):
        texts.add(_render(message, params))
    for validator in field.validators:
        if getattr(validator, "code", None) == code and hasattr(validator, "message"):
            texts.add(_render(validator.message, params))
    return texts


def _label(bound_field) -> str:
    return str(bound_field.label or "").strip().rstrip(":").strip()


def _in_sentence(label: str) -> str:
    """A label placed after a verb ("Enter your name"): in English its first letter is lowered
    unless the word is an acronym ("DBS check") or a name."""
    language = (translation.get_language() or "en").split("-")[0]
    if language == "en" and len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _number(value) -> str:
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return str(value)


def _required(field: forms.Field, label: str) -> str:
    widget = field.widget
    if getattr(widget, "input_type", None) == "checkbox" and not getattr(
        widget, "allow_multiple_selected", False
    ):
        return _("Tick the box to confirm: %(label)s") % {"label": label}
    if label.endswith("?"):
        return _("Answer the question: %(label)s") % {"label": label}
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField):
        return _("Choose %(label)s") % {"label": _in_sentence(label)}
    return _("Enter %(label)s") % {"label": _in_sentence(label)}


def govuk_message(bound_field, error: ValidationError) -> tuple[str, bool]:
    """The message to show for one error of a field, and whether it was rewritten (so it names
    the field itself)."""
    params = error.params or {}
    text = _render(error.message, params)
    code = error.code
    field = bound_field.field
    label = _label(bound_field)
    if not code or not label or text not in _django_wording(field, code, params):
        return text, False
    message = None
    if code == "required":
        message = _required(field, label)
    elif code in ("max_length", "min_length"):
        count = params.get("limit_value")
        if isinstance(count, int):
            if code == "max_length":
                message = ngettext(
                    "%(label)s must be %(count)s character or fewer",
                    "%(label)s must be %(count)s characters or fewer",
                    count,
                )
            else:
                message = ngettext(
                    "%(label)s must be %(count)s character or more",
                    "%(label)s must be %(count)s characters or more",
                    count,
                )
            message = message % {"label": label, "count": format_number(count)}
    elif code == "max_value":
        message = _("%(label)s must be %(limit)s or less") % {
            "label": label,
            "limit": _number(params.get("limit_value")),
        }
    elif code == "min_value":
        message = _("%(label)s must be %(limit)s or more") % {
            "label": label,
            "limit": _number(params.get("limit_value")),
        }
    elif code == "invalid" and isinstance(field, forms.EmailField):
        message = _("Enter an email address in the correct format, like name@example.com")
    elif code == "invalid" and isinstance(field, forms.DateField | forms.DateTimeField):
        message = _("%(label)s must be a real date") % {"label": label}
    elif code == "invalid" and isinstance(field, forms.IntegerField | forms.DecimalField):
        message = _("%(label)s must be a number") % {"label": label}
    elif code in ("invalid_choice", "invalid_pk_value", "invalid_list"):
        message = _("Choose one of the options given for %(label)s") % {
            "label": _in_sentence(label)
        }
    if message is None:
        return text, False
    return message, True


def field_errors(bound_field) -> list[dict]:
    """A field's errors as the partials show them: each `{"message", "names_field"}`."""
    found = []
    for error in bound_field.errors.as_data():
        message, rewritten = govuk_message(bound_field, error)
        found.append({"message": message, "names_field": rewritten})
    return found
