"""Names for the audit log's targets about the directory (see bridges/core/audit_labels.py)."""

import re

from django.utils.translation import gettext as _

REPORT = re.compile(r"^directory report (\d+)$")


def describe(targets: list[str], *, viewer) -> dict[str, str]:
    labels = {}
    for target in targets:
        if match := REPORT.match(target):
            labels[target] = _("Listing report #%(id)s") % {"id": match[1]}
        elif target == "directory (HSDS 3.0)":
            labels[target] = _("Directory download (HSDS 3.0)")
    return labels
