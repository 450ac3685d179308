from django.urls import path

from reports import team_views
from surveys.views import teams

app_name = "teams"

urlpatterns = [
    path("", team_views.team_list, name="list"),
    path("<int:pk>/", team_views.team_detail, name="detail"),
    path("<int:pk>/edit/", teams.team_edit, name="edit"),
]
