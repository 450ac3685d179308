from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from surveys.models import Organization, Team
from surveys.selectors.teams import team_round_next
from surveys.validators import MAX_DESCRIPTION_LENGTH, validate_line, validate_paragraphs

TEAM_NAME_FIELD = "The team's name"
TEAM_DESCRIPTION_FIELD = "The team's description"
TEAM_NAME_MESSAGE = "A team needs a name."
TEAM_NAME_TAKEN_MESSAGE = "Another team of this organization is already called “{name}”."


def team_for_name(*, organization: Organization, name: str) -> Team:
    """The organization's team of that name (case aside), created when new.

    A blank name is the organization's default team, named after the organization itself, so
    that an e-mail's "for Acme" and a team page's title read naturally before anyone names it.
    """
    name = name.strip() or organization.name
    validate_line(name, field=TEAM_NAME_FIELD)
    team = organization.teams.filter(name__iexact=name).first()
    if team is not None:
        return team
    try:
        # A savepoint, so that losing a race to create the same team leaves the caller's
        # transaction usable.
        with transaction.atomic():
            return Team.objects.create(organization=organization, name=name)
    except IntegrityError:
        return organization.teams.get(name__iexact=name)


def team_create(*, organization: Organization, name: str, description: str = "") -> Team:
    """A new team of the organization; raises ValidationError, as team_update does, for a name in use."""
    return team_update(team=Team(organization=organization), name=name, description=description)


def team_update(*, team: Team, name: str, description: str) -> Team:
    name, description = name.strip(), description.strip()
    if not name:
        raise ValidationError(TEAM_NAME_MESSAGE)
    validate_line(name, field=TEAM_NAME_FIELD)
    validate_paragraphs(description, field=TEAM_DESCRIPTION_FIELD, limit=MAX_DESCRIPTION_LENGTH)
    if Team.objects.filter(organization_id=team.organization_id, name__iexact=name).exclude(pk=team.pk).exists():
        raise ValidationError(TEAM_NAME_TAKEN_MESSAGE.format(name=name))
    team.name, team.description = name, description
    try:
        # A savepoint: losing a race for the name leaves the caller's transaction usable.
        with transaction.atomic():
            team.save(update_fields=None if team.pk is None else ["name", "description"])
    except IntegrityError:
        raise ValidationError(TEAM_NAME_TAKEN_MESSAGE.format(name=name)) from None
    return team


def team_next_round_number(*, team: Team) -> int:
    """The number the team's next round takes; locks the team until the caller's transaction ends.

    The lock makes two rounds started at once take 1 and 2 rather than both 1 (the unique
    constraint would refuse the second).
    """
    Team.objects.select_for_update().filter(pk=team.pk).first()
    return team_round_next(team=team)
