from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

P = ParamSpec("P")


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real account."""

    user: User


def private_download(view: Callable[P, HttpResponseBase]) -> Callable[P, HttpResponseBase]:
    """`Cache-Control: private, no-store` on a file only a logged-in reader may have.

    Without it a shared proxy may keep the file, and the browser's disk cache keeps it after
    logout on a shared computer.
    """

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        response = view(*args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped
