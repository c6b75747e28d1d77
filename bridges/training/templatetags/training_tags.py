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
        paragraph: list[str] = []
        items: list[str] = []

        def flush() -> None:
            if paragraph:
                parts.append(f"<p>{escape(' '.join(paragraph))}</p>")
                paragraph.clear()
            if items:
                parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
                items.clear()

        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("## "):
                flush()
                parts.append(f"<h2>{escape(line[3:].strip())}</h2>")
            elif line.startswith("- "):
                if paragraph:
                    flush()
                items.append(line[2:].strip())
            else:
                if items:
                    flush()
                paragraph.append(line)
        flush()
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece above is escaped
