"""survey_role_titles: the one source of role titles for pages, forms, e-mails and reports."""

from pytest_django import DjangoAssertNumQueries

from surveys.models import BankRole, Organization
from surveys.selectors.surveys import survey_role_titles
from tests.factories import make_survey


def test_it_gives_the_surveys_roles_only_in_the_surveys_order_with_the_banks_titles(acme: Organization) -> None:
    survey = make_survey(acme, roles=["product_manager", "engineer"])
    titles = dict(BankRole.objects.filter(bank_id=survey.bank_id).values_list("key", "title"))
    assert list(survey_role_titles(survey=survey).items()) == [(key, titles[key]) for key in survey.roles]
    assert set(survey.roles) == {"product_manager", "engineer"}


def test_it_keeps_the_key_of_a_role_the_bank_does_not_name(acme: Organization) -> None:
    survey = make_survey(acme, roles=["engineer"])
    BankRole.objects.filter(bank_id=survey.bank_id, key="engineer").delete()
    assert survey_role_titles(survey=survey) == {"engineer": "engineer"}


def test_it_costs_one_query(acme: Organization, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    survey = make_survey(acme, roles=["engineer", "data_scientist"])
    with django_assert_num_queries(1):
        survey_role_titles(survey=survey)
