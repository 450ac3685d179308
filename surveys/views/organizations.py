from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from surveys.forms.accounts import JoinForm, OrganizationInviteForm
from surveys.http import AuthenticatedRequest
from surveys.models import Membership, OrganizationInvitation
from surveys.ratelimit import rate_limit
from surveys.selectors.organizations import organization_get_for_owner
from surveys.services.organizations import (
    INVITATION_EXPIRED_MESSAGE,
    membership_remove,
    organization_invitation_resend,
    organization_invitation_revoke,
    organization_invite,
    organization_join,
)
from surveys.tokens import token_hash

INVITATION_RESENT_MESSAGE = "Invitation sent again to {email}, with a new link; the previous link no longer works."
INVITATION_REVOKED_MESSAGE = "Invitation of {email} revoked: its link no longer works."
JOIN_LINK_INVALID_MESSAGE = "It was used already, revoked, or never existed."


@login_required
def organization_list(request: AuthenticatedRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("organization")
    return render(request, "surveys/organization_list.html", {"memberships": memberships})


@login_required
def organization_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organization = organization_get_for_owner(user=request.user, pk=pk)
    form = OrganizationInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization_invite(organization=organization, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("organization_detail", pk=pk)
    context = {
        "organization": organization,
        "memberships": organization.memberships.select_related("user").order_by("role", "user__username"),
        "pending": organization.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).order_by("id"),
        "form": form,
    }
    return render(request, "surveys/organization_detail.html", context)


@login_required
@require_POST
def membership_delete(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    organization = organization_get_for_owner(user=request.user, pk=pk)
    if not organization.memberships.filter(pk=membership_pk).exists():
        raise Http404
    try:
        membership_remove(organization=organization, membership_id=membership_pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Member removed.")
    return redirect("organization_detail", pk=pk)


@login_required
@require_POST
def organization_invitation_resend_view(request: AuthenticatedRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organization = organization_get_for_owner(user=request.user, pk=pk)
    invitation = get_object_or_404(OrganizationInvitation, organization=organization, pk=invitation_pk)
    try:
        organization_invitation_resend(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, INVITATION_RESENT_MESSAGE.format(email=invitation.email))
    return redirect("organization_detail", pk=pk)


@login_required
@require_POST
def organization_invitation_revoke_view(request: AuthenticatedRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organization = organization_get_for_owner(user=request.user, pk=pk)
    invitation = get_object_or_404(OrganizationInvitation, organization=organization, pk=invitation_pk)
    organization_invitation_revoke(invitation=invitation)
    messages.success(request, INVITATION_REVOKED_MESSAGE.format(email=invitation.email))
    return redirect("organization_detail", pk=pk)


def _join_invalid(request: HttpRequest, message: str = JOIN_LINK_INVALID_MESSAGE) -> HttpResponse:
    return render(request, "surveys/join_invalid.html", {"message": message}, status=404)


@rate_limit(group="join", limit=20)
def organization_join_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        OrganizationInvitation.objects.filter(token_hash=token_hash(token)).select_related("organization").first()
    )
    if invitation is None or invitation.accepted_at is not None or invitation.revoked_at is not None:
        return _join_invalid(request)
    if invitation.is_expired:
        return _join_invalid(request, _expired_message(invitation))
    form = JoinForm(request.POST or None, initial={"email": invitation.email})
    if request.method == "POST" and (request.user.is_authenticated or form.is_valid()):
        try:
            # The account and its membership are made together, or neither is.
            with transaction.atomic():
                user = request.user if request.user.is_authenticated else form.save()
                organization_join(token=token, user=user)
        except ValidationError as error:
            return _join_invalid(request, error.messages[0])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"You joined {invitation.organization.name}.")
        return redirect("surveys:list" if invitation.role != Membership.Role.VIEWER else "reports:list")
    return render(request, "surveys/join.html", {"invitation": invitation, "form": form})


def _expired_message(invitation: OrganizationInvitation) -> str:
    return INVITATION_EXPIRED_MESSAGE.format(date=timezone.localtime(invitation.expires_at))
