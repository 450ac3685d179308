"""The JSON and CSV of commands.md `export_scores`, shared by the command, the downloads and the PDF."""

import csv
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.exports import (
    CSV_HEADER,
    scores_csv,
    scores_document,
    survey_scores_csv,
    survey_scores_document,
    survey_scores_json,
)
from reports.selectors import survey_modes, survey_scores
from surveys.models import Organization, Response, Survey
from surveys.selectors.participation import survey_participation
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.answers import make_responses

SCIENTIST, ENGINEER, MANAGER = "data_scientist", "engineer", "product_manager"
MODE_KEYS = {
    "key",
    "title",
    "overall_risk",
    "level",
    "gap",
    "gap_roles",
    "gap_ci95",
    "misaligned",
    "withheld_roles",
    "roles",
}
ROLE_KEYS = {"n", "mean_risk", "sd", "ci95", "favourable", "unfavourable", "dont_know_rate", "rwg_j"}
PARTICIPATION_KEYS = {"invited", "submitted", "via_open_link", "imported", "response_rate", "reportable"}


@pytest.fixture
def survey(acme: Organization) -> Survey:
    """Scientists and engineers are reportable; the two product managers are not."""
    survey = make_survey(acme)
    invitations_create_personal(survey=survey, role=SCIENTIST, count=6)
    make_responses(survey, SCIENTIST, 3, seed=1)
    make_responses(survey, SCIENTIST, 2, seed=4, source=Response.Source.OPEN_LINK)
    make_responses(survey, ENGINEER, 4, seed=2, source=Response.Source.IMPORT)
    make_responses(survey, MANAGER, 2, seed=3)
    return survey


def test_it_describes_the_survey(survey: Survey) -> None:
    document = survey_scores_document(survey=survey)

    assert document["survey"] == {
        "id": survey.pk,
        "title": survey.title,
        "anonymity_threshold": 3,
        "question_bank": survey.bank.name,
        "question_bank_version": survey.bank.version,
    }


def test_it_has_exactly_the_keys_of_the_contract(survey: Survey) -> None:
    document = survey_scores_document(survey=survey)

    assert set(document) == {"survey", "withheld", "roles", "failure_modes", "health_index"}
    assert all(set(role) == PARTICIPATION_KEYS for role in document["roles"].values())
    assert all(set(mode) == MODE_KEYS for mode in document["failure_modes"])
    assert all(set(role) == ROLE_KEYS for mode in document["failure_modes"] for role in mode["roles"].values())


def test_it_counts_every_role_and_says_which_are_reportable(survey: Survey) -> None:
    roles = survey_scores_document(survey=survey)["roles"]

    assert roles == {
        SCIENTIST: {
            "invited": 6,
            "submitted": 5,
            "via_open_link": 2,
            "imported": 0,
            "response_rate": 0.5,
            "reportable": True,
        },
        ENGINEER: {
            "invited": None,
            "submitted": 4,
            "via_open_link": 0,
            "imported": 4,
            "response_rate": None,
            "reportable": True,
        },
        MANAGER: {
            "invited": None,
            "submitted": 2,
            "via_open_link": 0,
            "imported": 0,
            "response_rate": None,
            "reportable": False,
        },
    }


def test_it_lists_the_failure_modes_in_survey_order_with_their_titles(survey: Survey) -> None:
    modes = survey_scores_document(survey=survey)["failure_modes"]

    assert [(mode["key"], mode["title"]) for mode in modes] == [(m.key, m.title) for m in survey_modes(survey=survey)]


def test_it_shows_only_reportable_roles_in_the_figures(survey: Survey) -> None:
    modes = survey_scores_document(survey=survey)["failure_modes"]

    assert all(list(mode["roles"]) == [SCIENTIST, ENGINEER] for mode in modes)


def test_it_gives_intervals_and_gap_roles_as_lists_of_two(survey: Survey) -> None:
    mode = survey_scores_document(survey=survey)["failure_modes"][0]

    assert isinstance(mode["gap_roles"], list)
    assert len(mode["gap_roles"]) == 2
    assert isinstance(mode["gap_ci95"], list)
    assert len(mode["gap_ci95"]) == 2
    assert isinstance(mode["roles"][SCIENTIST]["ci95"], list)
    assert len(mode["roles"][SCIENTIST]["ci95"]) == 2


def test_it_gives_the_scoring_figures_at_full_precision(survey: Survey) -> None:
    scores = survey_scores(survey=survey)
    parsed = json.loads(survey_scores_json(survey=survey))

    first = parsed["failure_modes"][0]
    assert first["overall_risk"] == scores.modes[0].overall_risk
    assert first["roles"][ENGINEER]["sd"] == scores.modes[0].roles[ENGINEER].sd
    assert parsed["health_index"] == scores.health_index


def test_it_withholds_every_figure_when_no_role_is_reportable(acme: Organization) -> None:
    survey = make_survey(acme)
    make_responses(survey, SCIENTIST, 2)

    document = survey_scores_document(survey=survey)

    assert document["withheld"] is True
    assert document["failure_modes"] == []
    assert document["health_index"] is None


def test_it_writes_nulls_for_figures_that_need_more_answers(acme: Organization) -> None:
    survey = make_survey(acme, roles=[SCIENTIST])
    make_responses(survey, SCIENTIST, 3, value=4)

    mode = survey_scores_document(survey=survey)["failure_modes"][0]

    assert mode["gap"] is None
    assert mode["gap_roles"] is None
    assert mode["gap_ci95"] is None
    assert mode["misaligned"] is False
    assert mode["withheld_roles"] == []


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_it_writes_one_csv_row_per_failure_mode_and_reportable_role(survey: Survey) -> None:
    text = survey_scores_csv(survey=survey)

    assert text.splitlines()[0] == ",".join(CSV_HEADER)
    rows = _csv_rows(text)
    assert len(rows) == 2 * len(survey_modes(survey=survey))
    assert {row["role"] for row in rows} == {SCIENTIST, ENGINEER}


def test_it_writes_the_same_figures_in_csv_as_in_json(survey: Survey) -> None:
    document: dict[str, Any] = survey_scores_document(survey=survey)
    row = _csv_rows(survey_scores_csv(survey=survey))[1]

    mode = document["failure_modes"][0]
    engineer = mode["roles"][ENGINEER]
    assert (row["failure_mode"], row["role"]) == (mode["key"], ENGINEER)
    assert float(row["mean_risk"]) == engineer["mean_risk"]
    assert [float(row["ci95_low"]), float(row["ci95_high"])] == engineer["ci95"]
    assert [row["gap_role_low"], row["gap_role_high"]] == mode["gap_roles"]
    assert [float(row["gap_ci95_low"]), float(row["gap_ci95_high"])] == mode["gap_ci95"]
    assert (float(row["favourable"]), float(row["unfavourable"])) == (engineer["favourable"], engineer["unfavourable"])
    assert float(row["health_index"]) == document["health_index"]


def test_it_writes_only_the_header_when_the_scores_are_withheld(acme: Organization) -> None:
    survey = make_survey(acme)

    assert survey_scores_csv(survey=survey) == ",".join(CSV_HEADER) + "\n"


def test_it_builds_the_csv_from_plain_scores(survey: Survey) -> None:
    """The web download and the PDF call the same functions with data they already hold."""
    document = scores_document(
        survey=survey,
        scores=survey_scores(survey=survey),
        participation=survey_participation(survey=survey),
        modes=survey_modes(survey=survey),
    )

    assert scores_csv(document=document) == survey_scores_csv(survey=survey)
    assert document == survey_scores_document(survey=survey)


def test_it_lists_the_roles_withheld_on_a_mode_in_json_and_csv(acme: Organization) -> None:
    survey = make_survey(acme, roles=[SCIENTIST, ENGINEER])
    make_responses(survey, SCIENTIST, 3)
    make_responses(survey, ENGINEER, 3)
    # A third engineer left everything blank: engineers are reportable, but shown nowhere.
    blank = Response.objects.filter(role=ENGINEER).values("pk")[:1]
    Response.objects.filter(pk__in=blank).update(likert={})

    document = survey_scores_document(survey=survey)
    rows = _csv_rows(survey_scores_csv(survey=survey))

    assert document["roles"][ENGINEER]["reportable"] is True
    assert all(mode["withheld_roles"] == [ENGINEER] for mode in document["failure_modes"])
    assert all(list(mode["roles"]) == [SCIENTIST] for mode in document["failure_modes"])
    assert {(row["role"], row["withheld_roles"]) for row in rows} == {(SCIENTIST, ENGINEER)}


def _queries_for_document(survey: Survey) -> int:
    with CaptureQueriesContext(connection) as context:
        survey_scores_document(survey=survey)
    return len(context.captured_queries)


def test_it_exports_in_the_same_number_of_queries_at_10_and_1000_responses(acme: Organization) -> None:
    small, large = make_survey(acme), make_survey(acme)
    make_responses(small, SCIENTIST, 10)
    for role in (SCIENTIST, ENGINEER, MANAGER):
        make_responses(large, role, 334)

    assert _queries_for_document(small) == _queries_for_document(large)
