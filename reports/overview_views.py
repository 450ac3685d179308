"""The organization overview for its executives and leads: every team's latest published round."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from reports.overview import organization_overview
from surveys.http import AuthenticatedRequest
from surveys.selectors.organizations import organization_get_for_member, organizations_viewed_by


@login_required
def overview_home(request: AuthenticatedRequest) -> HttpResponse:
    """The navigation's "Overview": the overview of the user's first organization, by name."""
    organization = organizations_viewed_by(user=request.user).first()
    if organization is None:
        return redirect("organization_list")
    return redirect("organization_overview", pk=organization.pk)


@login_required
def organization_overview_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organization = organization_get_for_member(user=request.user, pk=pk)
    context = {
        "organization": organization,
        "rows": organization_overview(organization=organization),
        "other_organizations": list(organizations_viewed_by(user=request.user).exclude(pk=organization.pk)),
    }
    return render(request, "reports/overview/organization_overview.html", context)
