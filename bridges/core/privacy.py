"""Keyed hashes of personal data that must be matched but never read back.

A keyed hash (HMAC-SHA256) of a normalised value lets Bridges recognise the same value again,
for example the address typed into a failed sign-in so that repeated failures lock it out,
without storing it. The key derives from SECRET_KEY and the first FIELD_ENCRYPTION_KEY, so a
copy of the database alone cannot be used to test guesses. Rotating either key changes every
hash: lock-out counters start again, which is harmless.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac


def _secret() -> str:
    field_key = settings.FIELD_ENCRYPTION_KEY.split(",")[0].strip()
    return f"{settings.SECRET_KEY}:{field_key}"


def keyed_hash(value: str, *, purpose: str) -> str:
    """The hex HMAC of `value` (stripped and case-folded) for one `purpose`; "" for no value.

    Different purposes give unrelated hashes of the same value."""
    normalised = str(value or "").strip().casefold()
    if not normalised:
        return ""
    return salted_hmac(
        f"bridges.privacy.{purpose}", normalised, secret=_secret(), algorithm="sha256"
    ).hexdigest()
