"""`{{ count|number }}`: a number written the way the page's language writes it.

In a counted sentence, count by the number and show the written one:
`{% blocktranslate count counter=n with number=n|number %}{{ number }} service{% plural %}…`.
"""

from django import template

from bridges.core.numbers import format_number

register = template.Library()


@register.filter
def number(value) -> str:
    return format_number(value)
