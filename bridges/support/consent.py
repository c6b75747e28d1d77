"""The consent the public form asks for, with its version.

Each request records the version of the wording the person agreed to. Change the wording by
adding a new version (and making it CURRENT); never edit a version once it has been used, so a
stored version always names the words that were shown. The wording is translated like any
other interface text.

From 2026-12-02 the wording says how long the details are kept: SUPPORT_RETENTION_MONTHS after
the request is closed (`manage.py purge_support_requests` deletes them). The number is filled in
from the setting; a programme that changes the setting should add a new version too, so that
the version still names the words shown."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bridges.core.locale_format import format_number

CONSENT_WORDING = {
    "2026-12-01": _(
        "I agree that the programme's coordinators and the networker who takes my request may "
        "use these contact details to contact me about this request. They are kept safely and "
        "seen by nobody else."
    ),
}
CURRENT = "2026-12-02"


def _with_retention() -> str:
    months = settings.SUPPORT_RETENTION_MONTHS
    return ngettext(
        "I agree that the programme's coordinators and the networker who takes my request may "
        "use these contact details to contact me about this request. They are kept safely, seen "
        "by nobody else, and deleted %(months)s month after my request is closed.",
        "I agree that the programme's coordinators and the networker who takes my request may "
        "use these contact details to contact me about this request. They are kept safely, seen "
        "by nobody else, and deleted %(months)s months after my request is closed.",
        months,
    ) % {"months": format_number(months)}


# Versions whose words are made when shown (they name a setting).
CONSENT_WORDING_MADE = {"2026-12-02": _with_retention}


def versions() -> set[str]:
    return set(CONSENT_WORDING) | set(CONSENT_WORDING_MADE)


def wording(version: str = CURRENT):
    if version in CONSENT_WORDING_MADE:
        return CONSENT_WORDING_MADE[version]()
    return CONSENT_WORDING[version]
