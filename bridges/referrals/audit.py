"""Names for the audit log's referral targets ("referral:12" → "Referral RF-000012"). The
reference names nobody, so it is shown to anyone who may read the audit log."""

from django.utils.translation import gettext as _

PREFIX = "referral:"


def describe(targets: list[str], *, viewer) -> dict[str, str]:
    labels = {}
    for target in targets:
        if target.startswith(PREFIX) and target[len(PREFIX) :].isdigit():
            labels[target] = _("Referral %(reference)s") % {
                "reference": f"RF-{int(target[len(PREFIX) :]):06d}"
            }
    return labels
