"""Names for the audit log's targets about accounts (see bridges/core/audit_labels.py).
Other targets of accounts' own events are email addresses, shown as recorded."""

from django.utils.translation import gettext as _


def describe(targets: list[str], *, viewer) -> dict[str, str]:
    return {"audit log": _("Audit log")} if "audit log" in targets else {}
