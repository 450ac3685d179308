"""A survey's actions, under the survey's own address (/surveys/<pk>/actions/), beside its scores."""

from django.urls import path

from reports import action_views

app_name = "actions"

urlpatterns = [
    path("<int:pk>/actions/new/", action_views.action_create_view, name="create"),
    path("<int:pk>/actions/<int:action_pk>/edit/", action_views.action_edit_view, name="edit"),
    path("<int:pk>/actions/<int:action_pk>/close/", action_views.action_close_view, name="close"),
    path("<int:pk>/actions/<int:action_pk>/drop/", action_views.action_drop_view, name="drop"),
]
