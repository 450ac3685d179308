from django.urls import path

from surveys.views import surveys

app_name = "surveys"

urlpatterns = [
    path("", surveys.survey_list, name="list"),
]
