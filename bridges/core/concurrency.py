"""Optimistic concurrency for edit forms: nothing anyone types is silently overwritten.

An edit form carries the record's version (its ``updated_at`` as an ISO timestamp) from the
moment it was shown. The service locks the row inside its transaction and calls
``version_check``; if someone else saved the record in between, ``EditConflict`` is raised and
nothing is written. The view then shows the form again with everything the person typed, the
new version in the hidden field and ``CONFLICT_MESSAGE`` in the error summary, so saving again
goes through once they have checked their changes against the current record.
"""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .locale_format import format_list

CONFLICT_MESSAGE = _(
    "Someone else changed this record while you were editing. Your changes have not been saved "
    "yet: check them against the current version below and save again."
)


class EditConflict(Exception):
    """The record changed after the edit form was shown; nothing was saved."""

    def __init__(self, current_version: str = ""):
        super().__init__("The record changed while it was being edited.")
        self.current_version = current_version


def version_of(instance: models.Model) -> str:
    """The version token of a record: its last-changed time, in ISO format."""
    updated_at = getattr(instance, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


def version_check(*, instance: models.Model, expected: str | None) -> models.Model:
    """Lock the record's row and fail if it changed since the version ``expected`` was read.

    Call inside ``transaction.atomic``. ``expected=None`` means the caller has no form
    (imports, scripts): the row is locked but not compared. Returns the locked, fresh row.
    """
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    current = version_of(locked)
    if expected is not None and expected != current:
        raise EditConflict(current)
    return locked


class VersionedForm(forms.Form):
    """Adds the hidden ``version`` field. Put it first among an edit form's bases."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def expected_version(self) -> str | None:
        """The version the form was shown with; None if a client sent none (not compared)."""
        return self.cleaned_data.get("version") or None


def conflict_data(data: QueryDict, *, current_version: str, prefix: str = "") -> QueryDict:
    """A copy of the submitted data carrying the current version, to show the form again."""
    data = data.copy()
    data[f"{prefix}-version" if prefix else "version"] = current_version
    return data


def conflict_form(form_class, data: QueryDict, *, current_version: str, **kwargs) -> forms.Form:
    """Bind the person's own data again with the new version and add the conflict error."""
    prefix = kwargs.get("prefix") or ""
    form = form_class(conflict_data(data, current_version=current_version, prefix=prefix), **kwargs)
    form.is_valid()
    form.add_error(None, CONFLICT_MESSAGE)
    return form


def _same(current, typed) -> bool:
    if isinstance(current, (list, tuple, set)) or isinstance(typed, (list, tuple, set)):
        return {str(v) for v in current or []} == {str(v) for v in typed or []}
    if current in (None, "") and typed in (None, ""):
        return True
    return current == typed or str(current) == str(typed)


def conflict_changes(form: forms.Form, instance: models.Model) -> list[tuple[str, str]]:
    """The saved values that differ from what the person typed, as (label, current value).

    Shown under the conflict message so they can compare without leaving the page. Relations
    (many-to-many) are left out: the link to the current version shows those.
    """
    rows = []
    cleaned = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        if name == "version" or name not in cleaned:
            continue
        try:
            current = getattr(instance, name)
        except (AttributeError, ObjectDoesNotExist):  # a related object that does not exist
            continue
        if hasattr(current, "all") or callable(current):
            continue
        if _same(current, cleaned[name]):
            continue
        choices = dict(getattr(field, "choices", None) or [])
        if isinstance(current, (list, tuple)):
            shown = format_list([str(choices.get(v, v)) for v in current], "unit")
        else:
            shown = str(choices.get(current, current)) if current not in (None, "") else ""
        rows.append((str(field.label or name), shown))
    return rows
