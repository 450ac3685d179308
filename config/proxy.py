"""The client's own address behind a trusted reverse proxy.

gunicorn sees the proxy as the client, so without this every member and every login attempt
would share the proxy's address, and the per-address rate limits would throttle everyone at
once. Only proxies listed in FORWARDED_ALLOW_IPS (the list gunicorn trusts for the scheme) may
say who the client is; anyone else's X-Forwarded-For is ignored.
"""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseBase

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: list[str]) -> list[Network] | None:
    """The trusted proxies as networks; None when every peer is trusted ("*")."""
    if "*" in entries:
        return None
    try:
        return [ipaddress.ip_network(entry, strict=False) for entry in entries]
    except ValueError as error:
        raise ImproperlyConfigured(f"FORWARDED_ALLOW_IPS must list IP addresses or networks: {error}.") from None


def is_trusted(address: str, networks: list[Network] | None) -> bool:
    if networks is None:
        return True
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str, networks: list[Network] | None) -> str:
    """Walk X-Forwarded-For from the right, past trusted proxies: the first other hop is the client."""
    if not forwarded_for or not is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return hop if _is_address(hop) else peer
    return hops[0] if hops and _is_address(hops[0]) else peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class ForwardedForMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.networks = trusted_networks(settings.FORWARDED_ALLOW_IPS)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        peer = request.META.get("REMOTE_ADDR", "")
        request.META["REMOTE_ADDR"] = client_address(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), self.networks)
        return self.get_response(request)
