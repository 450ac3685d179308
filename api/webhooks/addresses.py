"""Where a webhook may be POSTed: public addresses only, unless a setting allows private ones (SSRF).

The host is resolved once, every address it resolves to is checked, and the request goes to
the checked address itself (with the name in the Host header and in TLS), so that a DNS
answer that changes between the check and the request cannot reach an internal service.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

ADDRESS_REFUSED_MESSAGE = (
    "{host} resolves to {address}, a private, loopback or link-local address: webhooks go to public addresses only."
)
UNRESOLVABLE_MESSAGE = "{host} does not resolve to any address."
SCHEME_MESSAGE = "A webhook address starts with https:// (or http://)."

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def address_is_public(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def target_resolve(url: str, *, allow_private: bool) -> Target:
    """The URL's host resolved and checked; raises ValidationError naming the refused address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(SCHEME_MESSAGE)
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(UNRESOLVABLE_MESSAGE.format(host=host)) from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise ValidationError(UNRESOLVABLE_MESSAGE.format(host=host))
    for address in addresses:
        if not allow_private and not address_is_public(address):
            raise ValidationError(ADDRESS_REFUSED_MESSAGE.format(host=host, address=address))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, str(addresses[0]))


class _PinnedHttpsConnection(http.client.HTTPSConnection):
    """HTTPS to an address already checked, verifying the certificate of the host's name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def target_post(target: Target, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST the body to the checked address; returns the status. Redirects are not followed."""
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = _PinnedHttpsConnection(target.host, target.port, address=target.address, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(target.address, target.port, timeout=timeout)
    host_header = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
    try:
        connection.request("POST", target.path, body=body, headers={**headers, "Host": host_header})
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()
