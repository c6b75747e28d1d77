"""The partnership meeting's agenda of open issues, as a PDF (WeasyPrint, the subject access
export's fonts) and as a Word document (python-docx), grouped by service area, overdue first."""

import io

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from bridges.core.locale_format import format_date, format_list, format_number


def agenda_pdf(*, request, groups, today) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "voice/agenda_pdf.html",
        {"programme": request.programme, "groups": groups, "today": today},
        request=request,
    )
    stylesheet = CSS(filename=finders.find("voice/agenda.css"))
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )


def _routes(issue) -> str:
    parts = []
    for route in issue.routes.all():
        if route.answered_at:
            parts.append(_("%(who)s answered") % {"who": route.recipient})
        elif route.withdrawn_at:
            continue
        else:
            parts.append(
                _("%(who)s, answer due %(when)s")
                % {"who": route.recipient, "when": format_date(route.due_on)}
            )
    return format_list(parts, "unit") if parts else _("Not routed yet")


def agenda_docx(*, programme, groups, today) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = _("Partnership meeting: open community issues")
    document.add_heading(_("Partnership meeting: open community issues"), level=0)
    document.add_paragraph(
        _("%(programme)s, %(date)s")
        % {"programme": programme.name, "date": format_date(today, "long")}
    )
    if not groups:
        document.add_paragraph(_("There are no open issues."))
    for group in groups:
        document.add_heading(str(group["label"]), level=1)
        for issue in group["issues"]:
            heading = f"{issue.reference} — {issue.summary}"
            if issue.overdue:
                heading = _("%(issue)s (answer overdue)") % {"issue": heading}
            document.add_heading(heading, level=2)
            table = document.add_table(rows=0, cols=2)
            rows = [
                (_("State"), issue.get_state_display()),
                (_("Urgency"), issue.get_urgency_display()),
                (_("People affected (about)"), format_number(issue.people_affected)),
                (_("Networkers backing it"), format_number(issue.supporter_count)),
                (
                    _("Communities"),
                    format_list([c.name for c in issue.communities.all()], "unit") or "—",
                ),
                (_("Areas"), format_list([a.name for a in issue.areas.all()], "unit") or "—"),
                (_("Routed to"), _routes(issue)),
            ]
            for label, value in rows:
                cells = table.add_row().cells
                cells[0].text = str(label)
                cells[1].text = str(value)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
