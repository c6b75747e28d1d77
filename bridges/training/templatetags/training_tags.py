"""Show module materials written as plain text: paragraphs, "- " lists and "## " headings.

The text is escaped first, so nothing in it can become markup."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def materials(text: str) -> SafeString:
    parts: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        elif len(lines) == 1 and lines[0].startswith("## "):
            parts.append(f"<h2>{escape(lines[0][3:].strip())}</h2>")
        else:
            parts.append(f"<p>{escape(' '.join(lines))}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece above is escaped
