from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("surveys/<int:survey_pk>/request/", views.report_request_view, name="request"),
    path("<int:pk>/", views.report_status, name="status"),
    path("<int:pk>/progress.json", views.report_progress, name="progress"),
    path("<int:pk>/retry/", views.report_retry_view, name="retry"),
    path("<int:pk>/read/", views.report_read, name="read"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("<int:pk>/share/", views.share_link_create_view, name="share_create"),
    path("<int:pk>/share/<int:link_pk>/revoke/", views.share_link_revoke_view, name="share_revoke"),
    path("<int:pk>/viewers/share/", views.report_share_with_viewers_view, name="share_viewers"),
    path("<int:pk>/viewers/unshare/", views.report_unshare_with_viewers_view, name="unshare_viewers"),
    path("shared/<str:token>/", views.shared_report_read, name="shared_read"),
    path("shared/<str:token>/report.pdf", views.shared_report_download, name="shared_download"),
]
