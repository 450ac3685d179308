from django.urls import path

from outbox import views

app_name = "outbox"

urlpatterns = [
    path("emails/", views.development_emails, name="development_emails"),
]
