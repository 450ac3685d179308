from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from surveys.models import Membership, Organization

LEAD_ROLES = (Membership.Role.OWNER, Membership.Role.LEAD)


def organizations_led_by(*, user: User | AnonymousUser) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=LEAD_ROLES).order_by("name")


def organizations_viewed_by(*, user: User | AnonymousUser) -> QuerySet[Organization]:
    """Every organization the user belongs to, in any role."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name")


def organization_get_for_owner(*, user: User | AnonymousUser, pk: int) -> Organization:
    if not user.is_authenticated:
        raise Http404
    organization = Organization.objects.filter(
        pk=pk, memberships__user=user, memberships__role=Membership.Role.OWNER
    ).first()
    if organization is None:
        raise Http404
    return organization


def organization_get_for_member(*, user: User | AnonymousUser, pk: int) -> Organization:
    """The organization, for any of its members (owner, lead or viewer); 404 for anyone else."""
    organization = organizations_viewed_by(user=user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization
