"""Show module materials written as plain text: paragraphs, "- " lists and "## " headings.

The text is escaped first, so nothing in it can become markup."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _flush(parts: list[str], paragraph: list[str], items: list[str]) -> None:
    if paragraph:
        parts.append(f"<p>{escape(' '.join(paragraph))}</p>")
        paragraph.clear()
    if items:
        parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
        items.clear()


@register.filter
def materials(text: str) -> SafeString:
    parts: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        paragraph: list[str] = []
        items: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("## "):
                _flush(parts, paragraph, items)
                parts.append(f"<h2>{escape(line[3:].strip())}</h2>")
            elif line.startswith("- "):
                if paragraph:
                    _flush(parts, paragraph, items)
                items.append(line[2:].strip())
            else:
                if items:
                    _flush(parts, paragraph, items)
                paragraph.append(line)
        _flush(parts, paragraph, items)
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece above is escaped
