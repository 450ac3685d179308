"""New links held for one display after a redirect (POST-redirect-GET), never in the database.

Only hashes of link tokens are stored, so the page after creating links is the one chance to
copy them. Rendering that page from the POST made a reload create more links; instead the
links wait in the cache (Redis), under a random key that only this browser's session knows,
for at most a few minutes, and the page that shows them removes them. The session itself
(a database row) holds the key, never a token (privacy.md: tokens stay out of stores).
"""

import secrets
from dataclasses import dataclass

import redis
from django.core.cache import cache
from django.http import HttpRequest

# Long enough for a slow redirect, short enough that nothing lingers.
HOLD_SECONDS = 5 * 60
_SESSION_KEY = "links_shown_once"


@dataclass(frozen=True)
class HeldLinks:
    links: list[str]
    open_link: bool


def links_hold(request: HttpRequest, *, survey_pk: int, links: list[str], open_link: bool) -> bool:
    """Keep the links for the next display; False when the cache cannot (the caller shows them at once)."""
    key = f"shown-once:{secrets.token_urlsafe(24)}"
    try:
        cache.set(key, {"links": links, "open_link": open_link}, timeout=HOLD_SECONDS)
    except redis.RedisError:
        return False
    request.session[f"{_SESSION_KEY}:{survey_pk}"] = key
    return True


def links_take(request: HttpRequest, *, survey_pk: int) -> HeldLinks | None:
    """The links held for this browser and survey, removed as they are read; None when gone."""
    key = request.session.pop(f"{_SESSION_KEY}:{survey_pk}", None)
    if key is None:
        return None
    try:
        held = cache.get(key)
        cache.delete(key)
    except redis.RedisError:
        return None
    if held is None:
        return None
    return HeldLinks(links=list(held["links"]), open_link=bool(held["open_link"]))
