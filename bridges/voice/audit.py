"""Names for the audit log's community voice targets ("voice-issue:12" → "Community issue
CI-00012"). Issues name nobody, so the label is shown to anyone who may read the audit log."""

from django.utils.translation import gettext as _

ISSUE, ROUTE = "voice-issue:", "voice-route:"


def describe(targets: list[str], *, viewer) -> dict[str, str]:
    labels = {}
    for target in targets:
        rest = target.partition(":")[2]
        if not rest.isdigit():
            continue
        if target.startswith(ISSUE):
            labels[target] = _("Community issue %(reference)s") % {
                "reference": f"CI-{int(rest):05d}"
            }
        elif target.startswith(ROUTE):
            labels[target] = _("A community issue's route number %(number)s") % {"number": rest}
    return labels
