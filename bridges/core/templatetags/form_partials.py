"""The one way forms are drawn, in the GOV.UK pattern (see core/templates/core/forms/).

`{% error_summary form formset ... %}` draws the summary at the top of a form: each error links
to the field it is about. The field partial gives the hint and the error the ids Django's own
`aria-describedby` points at (`<id>_helptext`, `<id>_error`), so the two always agree.
"""

from django import template

from bridges.core.forms import field_errors

register = template.Library()


def field_anchor(bound_field) -> str:
    """The id to link to for a field: its input, or the first option of a group (radios and
    checkboxes have no single input, so Django gives them no `id_for_label`)."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    subwidgets = bound_field.subwidgets
    if subwidgets and subwidgets[0].id_for_label:
        return subwidgets[0].id_for_label
    return bound_field.auto_id or ""


def _is_single_checkbox(bound_field) -> bool:
    widget = bound_field.field.widget
    return getattr(widget, "input_type", None) == "checkbox" and not getattr(
        widget, "allow_multiple_selected", False
    )


def _form_items(form) -> list[dict]:
    items = [{"href": "", "label": "", "error": error} for error in form.non_field_errors()]
    for bound_field in form:
        for error in field_errors(bound_field):
            message = error["message"]
            if bound_field.is_hidden:  # nothing to link to: the message says what to do
                items.append({"href": "", "label": "", "error": message})
            else:
                # A tick box's label is a whole sentence, and a GOV.UK message names its field:
                # those stand alone.
                label = (
                    ""
                    if _is_single_checkbox(bound_field)
                    or error["names_field"]
                    or str(bound_field.label).lower() in str(message).lower()
                    else bound_field.label
                )
                items.append(
                    {"href": f"#{field_anchor(bound_field)}", "label": label, "error": message}
                )
    return items


def error_summary_items(form, *formsets) -> list[dict]:
    """Every error of a form and its formsets, in page order, each with the `#id` it links to
    (empty for errors about the form as a whole)."""
    items = _form_items(form) if form is not None else []
    for formset in formsets:
        if formset is None:
            continue
        first = next((field for row in formset.forms for field in row.visible_fields()), None)
        href = f"#{field_anchor(first)}" if first is not None else ""
        items += [{"href": href, "label": "", "error": e} for e in formset.non_form_errors()]
        for row in formset.forms:
            items += _form_items(row)
    return items


@register.inclusion_tag("core/forms/error_summary.html", takes_context=True)
def error_summary(context, form, *formsets):
    """The error summary: role=alert, focusable, titled "There is a problem"."""
    return {
        "items": error_summary_items(form, *formsets),
        "conflict_url": context.get("conflict_url"),
    }


@register.filter
def show_optional(bound_field) -> bool:
    """Mark a field "(optional)" unless it is required, is a single tick box, its label
    already says so, or it sets `optional_mark = False`."""
    if bound_field.field.required or _is_single_checkbox(bound_field):
        return False
    # A field needed or not by another answer (an email address when email is the chosen way
    # to reply) says so in its hint instead.
    if getattr(bound_field.field, "optional_mark", True) is False:
        return False
    return "(" not in str(bound_field.label)


@register.filter
def is_single_checkbox(bound_field) -> bool:
    return _is_single_checkbox(bound_field)


@register.filter(name="field_errors")
def field_errors_filter(bound_field) -> list[str]:
    """A field's error messages in the GOV.UK wording (bridges.core.forms.govuk_message)."""
    return [error["message"] for error in field_errors(bound_field)]
