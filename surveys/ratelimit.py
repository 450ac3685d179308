"""A fixed-window rate limit per client address, kept in the shared cache."""

import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

RATE_LIMITED_MESSAGE = "Too many attempts from your address. Please wait a minute and try again."

View = Callable[..., HttpResponseBase]


def rate_limit_exceeded(request: HttpRequest, *, group: str, limit: int, period: int) -> bool:
    window = int(time.time() // period)
    key = f"ratelimit:{group}:{request.META.get('REMOTE_ADDR', '-')}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this request opens a new window.
        cache.set(key, 1, timeout=period)
        count = 1
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
