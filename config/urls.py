from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import dependencies, healthz, liveness
from reports import overview_views
from surveys.views import accounts, organizations

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="surveys:list"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("healthz/live", liveness, name="liveness"),
    path("healthz/deps", dependencies, name="dependencies"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.login_view, name="login"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path(
        "organizations/<int:pk>/members/<int:membership_pk>/remove/",
        organizations.membership_delete,
        name="membership_delete",
    ),
    path(
        "organizations/<int:pk>/invitations/<int:invitation_pk>/resend/",
        organizations.organization_invitation_resend_view,
        name="organization_invitation_resend",
    ),
    path(
        "organizations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        organizations.organization_invitation_revoke_view,
        name="organization_invitation_revoke",
    ),
    path("organizations/<int:pk>/overview/", overview_views.organization_overview_view, name="organization_overview"),
    path("overview/", overview_views.overview_home, name="overview"),
    path("join/<str:token>/", organizations.organization_join_view, name="organization_join"),
    path("surveys/", include("surveys.urls")),
    path("surveys/", include("reports.score_urls")),
    path("surveys/", include("reports.action_urls")),
    path("s/", include("surveys.questionnaire_urls")),
    path("reports/", include("reports.urls")),
    # The development e-mail page: 404 unless DEBUG is on (outbox/views.py).
    path("dev/", include("outbox.urls")),
    path("teams/", include("reports.team_urls")),
    path("t/", include("reports.team_view_urls")),
    path("api/", include("api.urls")),
    # Before the admin's own URLs, so that its login page has the login page's rate limit.
    path("admin/login/", accounts.admin_login_view),
    path("admin/", admin.site.urls),
]
