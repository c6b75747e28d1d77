"""Who is the client? One answer for sign-in rate limits (allauth), lockouts (axes), the public
forms' limits and the audit log.

Behind a reverse proxy every request comes from the proxy's address, and the client's is in
`X-Forwarded-For`, which each proxy appends to. Only the entries appended by proxies we trust
can be believed: a client can send the header itself. So with `TRUSTED_PROXIES` (addresses or
networks) set, and the request coming from one of them, the client is the right-most address in
the header that is not a trusted proxy. Otherwise it is the address that connected.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in trusted)


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, or None if it cannot be told."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    networks = _networks(tuple(settings.TRUSTED_PROXIES or ()))

    def trusted(address) -> bool:
        return any(address in network for network in networks)

    if not networks or not trusted(remote):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = _address(entry)
        if address is None:
            break  # not written by a proxy of ours: stop at the last address we can trust
        client = address
        if not trusted(address):
            break
    return str(client)
