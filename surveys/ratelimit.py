"""A fixed-window rate limit per client address, kept in the shared cache's Redis."""

import functools
import ipaddress
import logging
import time
from collections.abc import Callable
from functools import wraps

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from redis.commands.core import Script
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RATE_LIMITED_MESSAGE = "Too many attempts from your address. Please wait a minute and try again."

View = Callable[..., HttpResponseBase]


def rate_window(period: int) -> int:
    return int(time.time() // period)


def rate_client(address: str) -> str:
    """Whom a limit counts: an IPv4 address, or the /64 network of an IPv6 one.

    One IPv6 subscriber usually holds a whole /64 and can send each request from a new
    address in it; counted one by one, they would never meet a limit.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "-"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else ip)


# Count the request and, on the window's first, set the counter's expiry: one round trip
# (Django's cache needed three: add, then incr's existence check and the increment). A
# script, not INCR and EXPIRE in a pipeline, so that a counter can never be left without
# its expiry, and not EXPIRE NX, which Redis before 7.0 lacks.
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


@functools.cache
def _counter(url: str) -> Script:
    # The cache's own timeouts: the limiter lets requests through when Redis is down.
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    return client.register_script(COUNT_SCRIPT)


def rate_limit_exceeded(request: HttpRequest, *, group: str, limit: int, period: int) -> bool:
    return rate_count_exceeded(
        group=group, client=rate_client(request.META.get("REMOTE_ADDR", "")), limit=limit, period=period
    )


def rate_count_exceeded(*, group: str, client: str, limit: int, period: int) -> bool:
    """Count one request of `client` (an address, an API token's id) and say whether it is over the limit."""
    window = rate_window(period)
    # The cache's key scheme (prefix and version), so that clearing the cache clears the counters.
    key = cache.make_key(f"ratelimit:{group}:{client}:{window}")
    try:
        # EVALSHA; redis-py sends the script itself once when Redis does not know it yet.
        location = str(settings.CACHES["default"]["LOCATION"])
        count = int(_counter(location)(keys=[key], args=[period]))
    except RedisError:
        # Members must be able to answer while Redis restarts; guessing a 256-bit token
        # or a password during those seconds is still hopeless.
        logger.warning("Rate limit not enforced: the cache is unavailable.", exc_info=True)
        return False
    return count > limit


def rate_limit(
    *, group: str, limit: int, period: int = 60, methods: tuple[str, ...] = ("POST",)
) -> Callable[[View], View]:
    """Answer 429 once a client has made `limit` requests of these methods in `period` seconds."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if request.method in methods and rate_limit_exceeded(request, group=group, limit=limit, period=period):
                return render(request, "rate_limited.html", {"message": RATE_LIMITED_MESSAGE}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
