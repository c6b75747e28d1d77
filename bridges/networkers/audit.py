"""Names for the audit log's targets about networkers (see bridges/core/audit_labels.py)."""

import re

from django.utils.translation import gettext as _

from .models import Networker

NETWORKER = re.compile(r"^networker:(\d+)$")


def describe(targets: list[str], *, viewer) -> dict[str, str]:
    labels = {}
    ids = {target: int(m[1]) for target in targets if (m := NETWORKER.match(target))}
    # Names are personal data: only the platform admin (who reads the audit log and may open
    # every programme) sees them; anyone else reads the number.
    names = {}
    if ids and viewer.is_platform_admin:
        names = dict(
            Networker.objects.filter(pk__in=ids.values()).values_list("pk", "display_name")
        )
    for target, pk in ids.items():
        if pk in names:
            labels[target] = _("%(name)s (networker #%(id)s)") % {"name": names[pk], "id": pk}
        else:
            labels[target] = _("Networker #%(id)s") % {"id": pk}
    if "networker pipeline" in targets:
        labels["networker pipeline"] = _("Networker pipeline")
    return labels
