"""Helpers for the forms every app builds (the markup is in core/templates/core/forms/)."""

from django import forms


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
