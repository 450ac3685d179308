from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real account."""

    user: User
