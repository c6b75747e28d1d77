"""The consent the public form asks for, with its version.

Each request records the version of the wording the person agreed to. Change the wording by
adding a new version (and making it CURRENT); never edit a version once it has been used, so a
stored version always names the words that were shown. The wording is translated like any
other interface text."""

from django.utils.translation import gettext_lazy as _

CONSENT_WORDING = {
    "2026-12-01": _(
        "I agree that the programme's coordinators and the networker who takes my request may "
        "use these contact details to contact me about this request. They are kept safely and "
        "seen by nobody else."
    ),
}
CURRENT = "2026-12-01"


def wording(version: str = CURRENT):
    return CONSENT_WORDING[version]
