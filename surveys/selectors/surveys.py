from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from surveys.models import BankRole, Survey
from surveys.selectors.organizations import organizations_led_by, organizations_viewed_by


def surveys_for_lead(*, user: User | AnonymousUser) -> QuerySet[Survey]:
    return Survey.objects.filter(organization__in=organizations_led_by(user=user)).select_related(
        "organization", "team"
    )


def survey_role_titles(*, survey: Survey) -> dict[str, str]:
    """The survey's roles, key to title, in the survey's order, in one query.

    The one place role titles come from (pages, forms, e-mails, reports); a role the bank does
    not name keeps its key as its title.
    """
    titles = dict(BankRole.objects.filter(bank_id=survey.bank_id).values_list("key", "title"))
    return {key: titles.get(key, key) for key in survey.roles}


def survey_get_for_lead(*, user: User | AnonymousUser, pk: int) -> Survey:
    """The survey, for an owner or lead of its organization; 404 for anyone else."""
    survey = surveys_for_lead(user=user).select_related("bank").filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


def surveys_for_member(*, user: User | AnonymousUser) -> QuerySet[Survey]:
    """The surveys of every organization the user belongs to, viewers included.

    Only for what viewers may read (published results, reports): everything else is a lead's.
    """
    return Survey.objects.filter(organization__in=organizations_viewed_by(user=user)).select_related(
        "organization", "team", "bank"
    )


def survey_get_for_member(*, user: User | AnonymousUser, pk: int) -> Survey:
    """The survey, for any member of its organization; 404 for anyone else."""
    survey = surveys_for_member(user=user).filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey
