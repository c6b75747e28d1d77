"""Names for the audit log's targets of subject access (see bridges/core/audit_labels.py)."""

from django.utils.translation import gettext as _


def describe(targets: list[str], *, viewer) -> dict[str, str]:
    return {"subject access": _("Subject access")} if "subject access" in targets else {}
