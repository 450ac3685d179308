"""The REST API under /api/v1/, its OpenAPI schema and documentation pages, and the lead's pages."""

from django.urls import include, path, re_path

from api.docs import ApiRedocView, ApiSwaggerView, schema_view
from api.problems import api_not_found
from api.views import actions, invitations, organizations, pages, reports, results, surveys, team_share, token

app_name = "api"

v1 = [
    path("token/", token.TokenView.as_view(), name="token"),
    path("organizations/", organizations.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/<int:pk>/", organizations.OrganizationDetailView.as_view(), name="organization-detail"),
    path("teams/", organizations.TeamListView.as_view(), name="team-list"),
    path("teams/<int:pk>/", organizations.TeamDetailView.as_view(), name="team-detail"),
    path("surveys/", surveys.SurveyListView.as_view(), name="survey-list"),
    path("surveys/<int:pk>/", surveys.SurveyDetailView.as_view(), name="survey-detail"),
    path("surveys/<int:pk>/duplicate/", surveys.SurveyDuplicateView.as_view(), name="survey-duplicate"),
    path("surveys/<int:pk>/delete/", surveys.SurveyDeleteView.as_view(), name="survey-delete"),
    path("surveys/<int:pk>/close/", surveys.SurveyCloseView.as_view(), name="survey-close"),
    path("surveys/<int:pk>/reopen/", surveys.SurveyReopenView.as_view(), name="survey-reopen"),
    path("surveys/<int:pk>/publish/", surveys.SurveyPublishView.as_view(), name="survey-publish"),
    path("surveys/<int:pk>/next-round/", surveys.SurveyNextRoundView.as_view(), name="survey-next-round"),
    path("surveys/<int:pk>/participation/", surveys.SurveyParticipationView.as_view(), name="survey-participation"),
    path("surveys/<int:pk>/results/", results.SurveyResultsView.as_view(), name="survey-results"),
    path("surveys/<int:pk>/changes/", results.SurveyChangesView.as_view(), name="survey-changes"),
    path("surveys/<int:pk>/reports/", reports.ReportRequestView.as_view(), name="survey-report-request"),
    path("surveys/<int:pk>/invitations/", invitations.InvitationListView.as_view(), name="invitation-list"),
    path("surveys/<int:pk>/open-links/", invitations.OpenLinkCreateView.as_view(), name="open-link-create"),
    path("surveys/<int:pk>/invitations/remind/", invitations.InvitationRemindView.as_view(), name="invitation-remind"),
    path(
        "surveys/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        invitations.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path("surveys/<int:pk>/actions/", actions.ActionListView.as_view(), name="action-list"),
    path("surveys/<int:pk>/actions/<int:action_pk>/", actions.ActionDetailView.as_view(), name="action-detail"),
    path("surveys/<int:pk>/actions/<int:action_pk>/status/", actions.ActionStatusView.as_view(), name="action-status"),
    path("surveys/<int:pk>/team-share/", team_share.TeamShareView.as_view(), name="team-share"),
    path("surveys/<int:pk>/team-share/revoke/", team_share.TeamShareRevokeView.as_view(), name="team-share-revoke"),
    path("results/", results.ResultsListView.as_view(), name="results-list"),
    path("reports/", reports.ReportListView.as_view(), name="report-list"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/pdf/", reports.ReportPdfView.as_view(), name="report-pdf"),
    path("reports/<int:pk>/share-links/", reports.ShareLinkListView.as_view(), name="share-link-list"),
    path(
        "reports/<int:pk>/share-links/<int:link_pk>/revoke/",
        reports.ShareLinkRevokeView.as_view(),
        name="share-link-revoke",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", schema_view, name="schema"),
    path("docs/", ApiSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", ApiRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    path("webhooks/", pages.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", pages.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/enable/", pages.webhook_enable_view, name="webhook_enable"),
    path("webhooks/<int:pk>/delete/", pages.webhook_delete_view, name="webhook_delete"),
    # Anything else under /api/ is a problem+json 404, not the site's HTML page.
    re_path(r"^v1/.*$", api_not_found),
]
