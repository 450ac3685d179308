"""The team's read-only view of a round's results, opened from the link the lead e-mailed.

A short address of its own, like the member's /s/: its last segment is a secret, which the logs
redact (config/logging.py), and its access lines keep no client address.
"""

from django.urls import path

from reports import team_share_views

app_name = "team_view"

urlpatterns = [
    path("<str:token>/", team_share_views.team_view, name="read"),
]
