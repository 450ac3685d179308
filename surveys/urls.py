from django.urls import path

from surveys.views import invitation_revoking, invitations, preview, rounds, survey_editing, surveys

app_name = "surveys"

urlpatterns = [
    path("", surveys.survey_list, name="list"),
    path("new/", surveys.survey_create_view, name="create"),
    path("<int:pk>/", surveys.survey_detail, name="detail"),
    path("<int:pk>/edit/", survey_editing.survey_edit, name="edit"),
    path("<int:pk>/copy/", survey_editing.survey_duplicate_view, name="duplicate"),
    path("<int:pk>/delete/", survey_editing.survey_delete_view, name="delete"),
    path("<int:pk>/preview/<str:role>/<int:number>/", preview.survey_preview, name="preview"),
    path("<int:pk>/close/", surveys.survey_close_view, name="close"),
    path("<int:pk>/reopen/", surveys.survey_reopen_view, name="reopen"),
    path("<int:pk>/next-round/", rounds.next_round_view, name="next_round"),
    path("<int:pk>/responses/import/", surveys.responses_import_view, name="import_responses"),
    path("<int:pk>/responses/template.csv", surveys.responses_import_template, name="import_template"),
    path("<int:pk>/invitations/", invitations.invitations_view, name="invitations"),
    path("<int:pk>/invitations/paste/", invitations.invitations_paste, name="invite_paste"),
    path("<int:pk>/invitations/upload/", invitations.invitations_upload, name="invite_upload"),
    path("<int:pk>/invitations/links/", invitations.invitations_links, name="invite_links"),
    path("<int:pk>/invitations/open/", invitations.invitation_open, name="invite_open"),
    path("<int:pk>/invitations/new-links/", invitations.links_created, name="links_created"),
    path("<int:pk>/invitations/remind/", invitations.invitations_remind_view, name="remind"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/revoke/",
        invitation_revoking.invitation_revoke_view,
        name="revoke",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/restore/",
        invitation_revoking.invitation_restore_view,
        name="restore",
    ),
]
