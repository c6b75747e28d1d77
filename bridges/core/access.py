"""Who may open each URL: the permission matrix's vocabulary.

Every app declares its URLs in `<app>/tests/access.py` as `ACCESS = {url_name: Rule(...)}`.
`tests/test_permission_matrix.py` walks every URL pattern of the project, fails if one has no
rule, checks each rule against every kind of visitor, and asks for every record named in an
address from another programme.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
OUTSIDER = "outsider"  # a coordinator of another programme
ROLES = ("coordinator", "networker", "provider", "safeguarding", "analyst", "admin")
EVERYONE = frozenset({ANONYMOUS, OUTSIDER, *ROLES})
SIGNED_IN = frozenset({OUTSIDER, *ROLES})
MEMBERS = frozenset(ROLES)  # anyone with a role in the programme (and platform admins)


def only(*principals: str) -> frozenset[str]:
    return frozenset(principals)


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    # Builds the URL's keyword arguments from the test world (programme slug is filled in).
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Allowed responses may be redirects (e.g. after a POST); denied ones never 2xx.
    note: str = ""
    # A URL naming a record (any argument but `programme`) is also asked for by a member of
    # another programme through their own programme's address, and must answer 404. Only a URL
    # outside any programme's address may opt out, saying why (public records, a token that is
    # itself the permission).
    unscoped_because: str = ""
