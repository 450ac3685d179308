from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from outbox.emails import email_queue
from surveys.models import Membership, Organization, OrganizationInvitation
from surveys.tokens import token_hash, token_new
from surveys.validators import validate_email_address, validate_line

INVITATION_VALID_FOR = timedelta(days=14)
ORGANIZATION_NAME_FIELD = "The organization's name"

LAST_OWNER_MESSAGE = "An organization needs its owner: the last owner cannot be removed."
ALREADY_MEMBER_MESSAGE = "{email} is already a member of this organization."
INVITATION_USED_MESSAGE = "This invitation has already been used."
INVITATION_REVOKED_MESSAGE = "This invitation was revoked."
INVITATION_EXPIRED_MESSAGE = "This invitation expired on {date:%d %B %Y}."


@transaction.atomic
def organization_signup(*, username: str, email: str, password: str, organization_name: str) -> User:
    """A team lead signs up: their account, their organization, and its ownership."""
    validate_email_address(email)
    validate_line(organization_name, field=ORGANIZATION_NAME_FIELD)
    user = User.objects.create_user(username=username, email=email, password=password)
    organization = Organization.objects.create(name=organization_name)
    Membership.objects.create(organization=organization, user=user, role=Membership.Role.OWNER)
    return user


def organization_for_new_lead(*, user: User) -> Organization:
    """The organization a user leads, made for them when they have none (a fresh superuser)."""
    membership = Membership.objects.filter(user=user, role__in=(Membership.Role.OWNER, Membership.Role.LEAD)).first()
    if membership is not None:
        return membership.organization
    organization = Organization.objects.create(name=f"{user.get_username()}'s organization")
    Membership.objects.create(organization=organization, user=user, role=Membership.Role.OWNER)
    return organization


@transaction.atomic
def organization_invite(
    *, organization: Organization, email: str, role: str, invited_by: User
) -> OrganizationInvitation:
    validate_email_address(email)
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(ALREADY_MEMBER_MESSAGE.format(email=email))
    token = token_new()
    now = timezone.now()
    invitation = OrganizationInvitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=invited_by,
        sent_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    _invitation_send(invitation=invitation, token=token)
    return invitation


def organization_invitation_revoke(*, invitation: OrganizationInvitation) -> None:
    """Its link stops working at once; an invitation already accepted stays as it is."""
    OrganizationInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation.refresh_from_db(fields=["revoked_at"])


@transaction.atomic
def organization_invitation_resend(*, invitation: OrganizationInvitation) -> OrganizationInvitation:
    """Send a pending invitation again with a new link and a new expiry; the old link stops working.

    Only the hash of a token is stored, so a new e-mail needs a new token.
    """
    invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
    _validate_pending(invitation, check_expiry=False)
    token = token_new()
    now = timezone.now()
    invitation.token_hash = token_hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_VALID_FOR
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _invitation_send(invitation=invitation, token=token)
    return invitation


def _invitation_send(*, invitation: OrganizationInvitation, token: str) -> None:
    organization = invitation.organization
    email_queue(
        to=invitation.email,
        subject=f"Join {organization.name} on Faultline",
        template="surveys/emails/organization_invitation.txt",
        context={
            "organization": organization,
            "role": invitation.get_role_display(),
            "token": token,
            "expires_at": invitation.expires_at,
        },
    )


def _validate_pending(invitation: OrganizationInvitation, *, check_expiry: bool = True) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(INVITATION_USED_MESSAGE)
    if invitation.revoked_at is not None:
        raise ValidationError(INVITATION_REVOKED_MESSAGE)
    if check_expiry and invitation.is_expired:
        raise ValidationError(INVITATION_EXPIRED_MESSAGE.format(date=timezone.localtime(invitation.expires_at)))


@transaction.atomic
def organization_join(*, token: str, user: User) -> Membership:
    invitation = OrganizationInvitation.objects.select_for_update().get(token_hash=token_hash(token))
    _validate_pending(invitation)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    membership, _ = Membership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    return membership


@transaction.atomic
def membership_remove(*, organization: Organization, membership_id: int) -> None:
    membership = Membership.objects.select_for_update().get(organization=organization, pk=membership_id)
    owners = Membership.objects.filter(organization=organization, role=Membership.Role.OWNER)
    if membership.role == Membership.Role.OWNER and owners.count() <= 1:
        raise ValidationError(LAST_OWNER_MESSAGE)
    membership.delete()
