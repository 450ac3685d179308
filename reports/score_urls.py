"""The survey's scores and their downloads, under the survey's own address (/surveys/<pk>/scores/).

They live in the reports app, which computes them, so that surveys never imports reports; the
paths are those of the survey pages, so links and bookmarks keep working.
"""

from django.urls import path

from reports import score_views, team_share_views

app_name = "scores"

urlpatterns = [
    path("<int:pk>/scores/", score_views.survey_scores_view, name="survey"),
    path("<int:pk>/scores.json", score_views.survey_export_json, name="export_json"),
    path("<int:pk>/scores.csv", score_views.survey_export_csv, name="export_csv"),
    path("<int:pk>/changes.json", score_views.survey_export_changes, name="export_changes"),
    path("<int:pk>/publish/", score_views.survey_publish_view, name="publish"),
    path("<int:pk>/team-share/", team_share_views.team_share_page, name="team_share"),
    path("<int:pk>/team-share/send/", team_share_views.team_share_send_view, name="team_share_send"),
    path("<int:pk>/team-share/revoke/", team_share_views.team_share_revoke_view, name="team_share_revoke"),
]
