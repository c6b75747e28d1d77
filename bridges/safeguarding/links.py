"""What the contact log asks of safeguarding through the `safeguarding` provider slot
(bridges/core/providers.py): the contact log may not import this app."""

from urllib.parse import urlencode

from django.urls import reverse

# The raise page's query parameter naming the raiser's contact record.
CONTACT_PARAMETER = "contact"


def concern_raise_url(*, programme_slug: str, contact_id: int) -> str:
    path = reverse("safeguarding:raise", args=[programme_slug])
    return f"{path}?{urlencode({CONTACT_PARAMETER: contact_id})}"
