from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from outbox.emails import email_queue
from surveys.models import Membership, Organization, OrganizationInvitation
from surveys.tokens import token_hash, token_new

LAST_OWNER_MESSAGE = "An organization needs its owner: the last owner cannot be removed."
ALREADY_MEMBER_MESSAGE = "{email} is already a member of this organization."
INVITATION_USED_MESSAGE = "This invitation has already been used."


@transaction.atomic
def organization_signup(*, username: str, email: str, password: str, organization_name: str) -> User:
    """A team lead signs up: their account, their organization, and its ownership."""
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
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(ALREADY_MEMBER_MESSAGE.format(email=email))
    token = token_new()
    invitation = OrganizationInvitation.objects.create(
        organization=organization, email=email, role=role, token_hash=token_hash(token), invited_by=invited_by
    )
    email_queue(
        to=email,
        subject=f"Join {organization.name} on Faultline",
        template="surveys/emails/organization_invitation.txt",
        context={"organization": organization, "role": invitation.get_role_display(), "token": token},
    )
    return invitation


@transaction.atomic
def organization_join(*, token: str, user: User) -> Membership:
    invitation = OrganizationInvitation.objects.select_for_update().get(token_hash=token_hash(token))
    if invitation.accepted_at is not None:
        raise ValidationError(INVITATION_USED_MESSAGE)
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
