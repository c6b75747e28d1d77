"""Names for the audit log's targets about training (see bridges/core/audit_labels.py)."""

import re

from django.utils.translation import gettext_lazy as _

PATTERNS = [
    (re.compile(r"^training attendance: session (\d+)$"), _("Attendance at session #%(id)s")),
    (re.compile(r"^training completion: networker (\d+)$"), _("Training of networker #%(id)s")),
    (re.compile(r"^training record: networker (\d+)$"), _("Training record of networker #%(id)s")),
    (re.compile(r"^training certificate (\d+)$"), _("Training certificate #%(id)s")),
]


def describe(targets: list[str], *, viewer) -> dict[str, str]:
    labels = {}
    for target in targets:
        for pattern, label in PATTERNS:
            if match := pattern.match(target):
                labels[target] = str(label) % {"id": match[1]}
                break
    return labels
