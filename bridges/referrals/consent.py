"""The consent wording shown to the person being referred: translatable and versioned.

The wording is interface text (gettext), so it is translated with the rest of the catalogue and
shown in the person's language. Each version is kept here, never edited in place: to change the
wording, add a new version and point CURRENT at it. A referral records the version and the
language it was shown in, so what someone agreed to can always be shown again.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

CURRENT = "2026-12-1"

WORDINGS = {
    "2026-12-1": gettext_noop(
        "I agree that Bridges may share my name, how to contact me and a short note about what "
        "I need with %(service)s, so that they can contact me about this referral. Only the "
        "referrer, the programme's coordinators and that service's staff will see these "
        "details. I can change my mind at any time by telling the referrer or the service: "
        "then nothing more is shared, and my details are deleted. Otherwise they are deleted "
        "%(months)s months after the referral is closed."
    ),
}


def wording(*, version: str = CURRENT, language: str, service: str, months: int) -> str:
    """The wording of `version` in `language` (the site's default if it has no translation)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return translation.gettext(WORDINGS[version]) % {"service": service, "months": months}


def language_shown(*, version: str = CURRENT, language: str) -> str:
    """The language the wording of `version` is actually shown in when `language` is asked
    for: `language` if the catalogue translates it, else the site's default."""
    default = settings.LANGUAGE_CODE
    if not language or language == default:
        return default
    source = WORDINGS[version]
    with translation.override(language):
        translated = translation.gettext(source)
    return language if translated != source else default
