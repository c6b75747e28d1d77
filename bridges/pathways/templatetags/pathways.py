from django import template

register = template.Library()


@register.filter
def get_text(texts: dict, slug: str):
    """The item text of `slug` from a `{slug: ItemText}` dictionary."""
    return texts.get(slug)
