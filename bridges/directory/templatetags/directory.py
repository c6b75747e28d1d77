from django import template

register = template.Library()


@register.filter
def directory_text(service, language: str):
    """The service's text in the reader's language where translated (translations prefetched)."""
    return service.translated(language)
