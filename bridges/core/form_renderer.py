"""The form renderer: Django's own, with selects, radios and tick-box lists drawn in Python.

Django draws every option of a select, radio list or tick-box list with its own included
template (`select_option.html`, `input_option.html`, `input.html` and `attrs.html` each): a
list of 219 languages costs several hundred template includes, most of a form page's time.
`Renderer` answers those widgets' templates with the same markup, byte for byte, built in
Python with the template language's own escaping and localisation
(`render_value_in_context`); everything else (and any widget with an option template of its
own) is drawn by Django's templates as before. `tests/test_form_renderer.py` compares the two
for every kind of choice, value and attribute.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
MULTIPLE_INPUTS = {WIDGETS + "radio.html", WIDGETS + "checkbox_select.html"}
SELECT_OPTION = WIDGETS + "select_option.html"
INPUT_OPTIONS = {WIDGETS + "radio_option.html", WIDGETS + "checkbox_option.html"}


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless already safe."""
    if isinstance(value, tuple):
        value = str(value)
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict, context: Context) -> str:
    """`django/forms/widgets/attrs.html`."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(" " + render_value_in_context(name, context))
        if value is not True:
            out.append('="' + _formatted(value) + '"')
    return "".join(out)


def _options(widget: dict, allowed: set[str]) -> bool:
    return all(
        option["template_name"] in allowed
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


class _Select:
    """`select.html` with `select_option.html` for each option."""

    def render(self, context=None, request=None) -> str:
        widget = context["widget"]
        c = Context(autoescape=True)
        out = ['<select name="', render_value_in_context(widget["name"], c), '"']
        out.append(_attrs(widget["attrs"], c))
        out.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append('\n  <optgroup label="' + render_value_in_context(group_name, c) + '">')
            for option in options:
                out.append('\n  <option value="')
                out.append(_formatted(option["value"]))
                out.append('"')
                out.append(_attrs(option["attrs"], c))
                out.append(">")
                out.append(render_value_in_context(option["label"], c))
                out.append("</option>\n")
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>\n")
        return "".join(out)


def _input(widget: dict, c: Context) -> str:
    """`input.html`."""
    out = ['<input type="', render_value_in_context(widget["type"], c), '" name="']
    out.append(render_value_in_context(widget["name"], c))
    out.append('"')
    if widget["value"] is not None:
        out.append(' value="' + _formatted(widget["value"]) + '"')
    out.append(_attrs(widget["attrs"], c))
    out.append(">\n")
    return "".join(out)


class _MultipleInputs:
    """`multiple_input.html` (radio and tick-box lists) with `input_option.html` each."""

    def render(self, context=None, request=None) -> str:
        widget = context["widget"]
        c = Context(autoescape=True)
        attrs = widget["attrs"]
        id_ = attrs.get("id")
        out = ["<div"]
        if id_:
            out.append(' id="' + render_value_in_context(id_, c) + '"')
        if attrs.get("class"):
            out.append(' class="' + render_value_in_context(attrs["class"], c) + '"')
        out.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                out.append("\n  <div><label>" + render_value_in_context(group, c) + "</label>")
            for option in options:
                out.append("<div>\n    ")
                wrap = option.get("wrap_label")
                if wrap:
                    option_id = option["attrs"].get("id")
                    out.append("<label")
                    if option_id:
                        out.append(' for="' + render_value_in_context(option_id, c) + '"')
                    out.append(">")
                out.append(_input(option, c))
                if wrap:
                    out.append(" " + render_value_in_context(option["label"], c) + "</label>")
                out.append("\n\n</div>")
            if group:
                out.append("\n  </div>")
        out.append("\n</div>\n")
        return "".join(out)


class Renderer(DjangoTemplates):
    """Django's template renderer, with choice widgets drawn in Python (same markup)."""

    select = _Select()
    multiple_inputs = _MultipleInputs()

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and "optgroups" in widget:
            if template_name == SELECT and _options(widget, {SELECT_OPTION}):
                return self.select.render(context).strip()
            if template_name in MULTIPLE_INPUTS and _options(widget, INPUT_OPTIONS):
                return self.multiple_inputs.render(context).strip()
        return super().render(template_name, context, request=request)
