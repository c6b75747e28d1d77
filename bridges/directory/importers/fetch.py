"""Fetch a feed from an address without letting the address reach the server's own network.

Every address is resolved first and each resolved IP checked (loopback, private, link-local,
multicast, reserved and unspecified addresses are refused, as is any name that resolves to
one, unless DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS names its network); the connection then
goes to the checked IP, so a second DNS answer cannot swap in another.
Redirects are followed here, a few at most, and each new address is checked the same way.

Failure messages never repeat what the remote server sent (its reason phrase or body)."""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .common import ImportFailed

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 60
REDIRECTS = {301, 302, 303, 307, 308}
_LOCAL_NAMES = ("localhost", "localhost.localdomain")


def max_bytes() -> int:
    return int(settings.DIRECTORY_IMPORT_MAX_BYTES)


def _allowed_networks() -> list:
    """Networks named in DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS (an intranet feed)."""
    return [
        ipaddress.ip_network(network, strict=False)
        for network in settings.DIRECTORY_IMPORT_ALLOWED_PRIVATE_NETWORKS
    ]


def address_refusal(address: str) -> str:
    """Why this IP address may not be fetched from, or "" when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks()):
        return ""
    if ip.is_unspecified:
        return _("an unspecified address")
    if ip.is_loopback:
        return _("a loopback address (this server itself)")
    if ip.is_link_local:
        return _("a link-local address (such as a cloud metadata service)")
    if ip.is_multicast:
        return _("a multicast address")
    if ip.is_private:
        return _("a private network address")
    if ip.is_reserved or not ip.is_global:
        return _("a reserved address")
    return ""


def _refused(kind: str, *, redirected: bool) -> ImportFailed:
    if redirected:
        message = _(
            "The feed's server redirected to %(kind)s, which this site does not fetch from."
        )
    else:
        message = _("The feed's address leads to %(kind)s, which this site does not fetch from.")
    return ImportFailed(message % {"kind": kind})


def _malformed(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return _("Only http and https addresses can be fetched.")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return _("This address is not valid.")
    if not parts.hostname:
        return _("This address is not valid.")
    return ""


def _host_refusal(host: str) -> str:
    """The kind of refused address a host is, when it is an IP address or a local name."""
    try:
        return address_refusal(host)
    except ValueError:
        name = host.lower().rstrip(".")
        if (name in _LOCAL_NAMES or name.endswith(".localhost")) and not _allowed_networks():
            return _("a loopback address (this server itself)")
        return ""  # a name: its addresses are checked when it is resolved


def url_refusal(url: str) -> str:
    """Checks that need no network: the scheme, and a host that is an IP address or a local
    name. The form uses it; `fetch` repeats it and checks every resolved address too."""
    if problem := _malformed(url):
        return problem
    kind = _host_refusal(urlsplit(url).hostname or "")
    return str(_refused(kind, redirected=False)) if kind else ""


def _resolve(host: str, port: int, *, redirected: bool) -> str:
    """The IP address to connect to, after checking every address the name resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ImportFailed(_("Could not fetch the feed: its server name was not found.")) from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise ImportFailed(_("Could not fetch the feed: its server name was not found."))
    for address in addresses:
        if kind := address_refusal(address):
            raise _refused(kind, redirected=redirected)
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks to `host` (Host header) at an address already resolved and checked."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the host name (SNI and certificate)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(url: str) -> bytes:
    """The body of the feed at `url`, following at most MAX_REDIRECTS redirects."""
    limit = max_bytes()
    redirected = False
    for _hop in range(MAX_REDIRECTS + 1):
        if problem := _malformed(url):
            if redirected:
                raise ImportFailed(
                    _("The feed's server redirected to an address this site does not fetch from.")
                )
            raise ImportFailed(problem)
        parts = urlsplit(url)
        host = parts.hostname or ""
        if kind := _host_refusal(host):
            raise _refused(kind, redirected=redirected)
        secure = parts.scheme.lower() == "https"
        port = parts.port or (443 if secure else 80)
        address = _resolve(host, port, redirected=redirected)
        connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
        connection = connection_class(host, port, address=address, timeout=TIMEOUT_SECONDS)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "User-Agent": "Bridges directory import",
                    "Accept": "application/json, application/zip, */*",
                    "Accept-Encoding": "identity",
                },
            )
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location") or ""
                if not location:
                    raise ImportFailed(
                        _("Could not fetch the feed: the server redirected without an address.")
                    )
                url = urljoin(url, location.strip())
                redirected = True
                continue
            if response.status != 200:
                raise ImportFailed(
                    _("Could not fetch the feed: the server answered with status %(status)s.")
                    % {"status": response.status}
                )
            length = response.getheader("Content-Length") or ""
            if length.isdigit() and int(length) > limit:
                raise ImportFailed(_("The feed is too large."))
            data = response.read(limit + 1)
        except ssl.SSLError as error:
            raise ImportFailed(
                _("Could not fetch the feed: its server's certificate could not be verified.")
            ) from error
        except TimeoutError as error:
            raise ImportFailed(
                _("Could not fetch the feed: its server did not answer in time.")
            ) from error
        except (OSError, http.client.HTTPException) as error:
            raise ImportFailed(_("Could not fetch the feed: the connection failed.")) from error
        finally:
            connection.close()
        if len(data) > limit:
            raise ImportFailed(_("The feed is too large."))
        return data
    raise ImportFailed(_("Could not fetch the feed: it redirected too many times."))
