"""Drawing a guide's plain text: paragraphs separated by a blank line, and lists whose lines
start with "- ". Nothing else is markup, so the text a translator sees is the text a reader
reads."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """("p", [lines]) or ("ul", [items]) for each block of the text."""
    found = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            found.append(("ul", [line[2:].strip() for line in lines]))
        else:
            found.append(("p", lines))
    return found


@register.filter(is_safe=True)
def guide_text(text: str) -> SafeString:
    """Every piece of the text is escaped by format_html; only the tags added here are not."""
    parts = []
    for kind, lines in blocks(text):
        if kind == "ul":
            items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
            parts.append(format_html("<ul>{}</ul>", items))
        else:
            first, *rest = lines
            joined = format_html("{}", first)
            for line in rest:
                joined = format_html("{}<br>{}", joined, line)
            parts.append(format_html("<p>{}</p>", joined))
    return format_html_join("", "{}", ((part,) for part in parts))
