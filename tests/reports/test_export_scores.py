"""export_scores, in process and as a real `python manage.py` process."""

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from reports.exports import CSV_HEADER, survey_scores_csv, survey_scores_json
from reports.management.commands.export_scores import FORMAT_MESSAGE
from surveys.management.arguments import NO_SURVEY_MESSAGE
from surveys.models import Organization, Response, Survey
from surveys.services.imports import OTHER_ROLE_MESSAGE
from tests.factories import make_survey
from tests.support.answers import make_responses
from tests.support.commands import run_command, run_manage_py


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme)
    make_responses(survey, "data_scientist", 4)
    make_responses(survey, "engineer", 3, seed=2)
    return survey


def test_it_prints_the_scores_as_json_by_default(survey: Survey) -> None:
    assert run_command("export_scores", str(survey.pk)) == survey_scores_json(survey=survey)


def test_it_prints_the_scores_as_csv(survey: Survey) -> None:
    output = run_command("export_scores", str(survey.pk), "--format", "csv")

    assert output == survey_scores_csv(survey=survey)
    assert output.startswith(",".join(CSV_HEADER))


def test_it_refuses_an_unknown_format(survey: Survey) -> None:
    with pytest.raises(CommandError) as caught:
        run_command("export_scores", str(survey.pk), "--format", "xml")

    assert str(caught.value) == FORMAT_MESSAGE.format(value="xml")


def test_it_refuses_an_unknown_survey(db: None) -> None:
    with pytest.raises(CommandError) as caught:
        run_command("export_scores", "42")

    assert str(caught.value) == NO_SURVEY_MESSAGE.format(pk=42)


@pytest.mark.process
def test_it_exits_with_zero_and_prints_json_as_a_process(transactional_db: None, acme: Organization) -> None:
    survey = make_survey(acme)
    make_responses(survey, "data_scientist", 3)

    result = run_manage_py("export_scores", str(survey.pk))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["roles"]["data_scientist"]["submitted"] == 3


@pytest.mark.process
def test_it_exits_with_an_error_and_one_sentence_on_stderr_as_a_process(transactional_db: None) -> None:
    result = run_manage_py("export_scores", "424242")

    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr == f"CommandError: {NO_SURVEY_MESSAGE.format(pk=424242)}\n"


@pytest.mark.process
def test_it_imports_nothing_from_a_bad_file_as_a_process(
    transactional_db: None, acme: Organization, tmp_path: Path
) -> None:
    survey = make_survey(acme)
    path = tmp_path / "responses.csv"
    path.write_text("role,shelfware_sponsor_ds,shelfware_sponsor_eng\ndata_scientist,4,\ndata_scientist,4,5\n")

    result = run_manage_py("import_responses", str(survey.pk), str(path))

    message = OTHER_ROLE_MESSAGE.format(
        row=3, column=3, key="shelfware_sponsor_eng", question_role="engineer", role="data_scientist"
    )
    assert (result.returncode, result.stderr) == (1, f"CommandError: {message}\n")
    assert not Response.objects.exists()
