from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from bridges.core.templatetags.bidi import lang_attrs

register = template.Library()


@register.filter
def item_name(text) -> SafeString:
    """An item's name in the language it is really in: `<span lang dir>name</span>`."""
    if text is None:
        return format_html("")
    return format_html("<span{}>{}</span>", lang_attrs(text.name_language), text.name)


@register.filter
def item_names(texts) -> list[SafeString]:
    """Each name marked with its language, for `|format_list`."""
    return [item_name(text) for text in texts]


@register.filter
def next_of(values, position: int):
    """The value after `position` in a list (the first after the last)."""
    values = list(values)
    return values[(position + 1) % len(values)] if values else None
