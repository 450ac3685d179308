from django.urls import path

from surveys.views import questionnaire

app_name = "questionnaire"

urlpatterns = [
    path("<str:token>/", questionnaire.questionnaire_start, name="start"),
    path("<str:token>/page/<int:number>/", questionnaire.questionnaire_page, name="page"),
    path("<str:token>/all/", questionnaire.questionnaire_document, name="document"),
    path("<str:token>/done/", questionnaire.questionnaire_done, name="done"),
]
