"""The project's form renderer draws selects, radios and tick-box lists in Python: the markup
must be Django's own, byte for byte, whatever the choices, values, groups and attributes."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from bridges.core.form_renderer import Renderer

CHOICES = [
    ("", "Choose"),
    ("a", "Plain"),
    ("b&c", 'Quotes " and <tags> & ampersands'),
    ("ar", "العربية"),
    (3, 12345),
    (datetime.date(2026, 1, 2), datetime.date(2026, 1, 2)),
    ("safe", mark_safe("<b>already safe</b>")),
    ("lazy", _("Not recorded")),
]
GROUPED = [
    ("", "None"),
    ("Group <one>", [("x", "X"), ("y", "Y & Z")]),
    ("Group two", [("z", "Zed")]),
]


class Everything(forms.Form):
    select = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    multiple = forms.MultipleChoiceField(choices=CHOICES, required=False)
    styled = forms.ChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "wide", "data-x": 'a"b', "disabled": True}),
    )
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    grouped_radio = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    ticks = forms.MultipleChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ticks", "hidden": False}),
    )
    unlabelled = forms.ChoiceField(
        choices=CHOICES, required=False, widget=forms.RadioSelect(attrs={"id": ""})
    )
    empty = forms.ChoiceField(choices=[], required=False)
    empty_ticks = forms.MultipleChoiceField(
        choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )
    boolean = forms.NullBooleanField(required=False)


DATA = [
    {},
    {
        "select": "b&c",
        "grouped": "y",
        "multiple": ["a", "3", "ar"],
        "styled": "2026-01-02",
        "radio": "safe",
        "grouped_radio": "z",
        "ticks": ["lazy", "b&c"],
        "unlabelled": "a",
        "boolean": "true",
    },
]


def _widgets(form: forms.Form, renderer) -> dict[str, str]:
    form.renderer = renderer
    return {name: str(form[name]) for name in form.fields}


def test_the_project_uses_the_renderer():
    assert settings.FORM_RENDERER == "bridges.core.form_renderer.Renderer"
    assert isinstance(get_default_renderer(), Renderer)


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("thousands", [False, True])
def test_the_same_markup_as_django(data, language, thousands, settings):
    settings.USE_THOUSAND_SEPARATOR = thousands
    with translation.override(language):
        for bound in (True, False):
            form = Everything(data if bound else None, initial=data, auto_id="id_%s")
            ours = _widgets(form, Renderer())
            theirs = _widgets(form, DjangoTemplates())
            for name, markup in theirs.items():
                assert ours[name] == markup, name


def test_a_widget_with_its_own_option_template_is_drawn_by_its_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    field = forms.ChoiceField(choices=[("a", "A")], widget=Custom)
    form = forms.Form()
    form.fields["custom"] = field
    form.renderer = Renderer()
    assert "<input" in str(form["custom"])
