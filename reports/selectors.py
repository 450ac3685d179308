"""Reads behind every score: a survey's design and answers, gathered in a fixed number of queries.

The figures themselves come from reports.scoring and nowhere else; these functions only hand
it plain data.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import TextField
from django.db.models.functions import Cast

from reports.changes import RoundAnswers, RoundChange, round_change
from reports.scoring import LIKERT, Answers, Question, SurveyDesign, SurveyScores, score_survey
from surveys.models import BankMode, BankQuestion, Response, Survey
from surveys.selectors.teams import round_previous


@dataclass(frozen=True)
class ModeInfo:
    key: str
    title: str
    category: str


def survey_modes(*, survey: Survey) -> list[ModeInfo]:
    """The failure modes of the survey's bank version, in bank order."""
    rows = BankMode.objects.filter(bank_id=survey.bank_id).order_by("position")
    return [ModeInfo(key, title, category) for key, title, category in rows.values_list("key", "title", "category")]


def survey_questions(*, survey: Survey) -> list[BankQuestion]:
    """The questions the survey asks: those of its roles in its bank version, in bank order."""
    return list(BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=survey.roles).order_by("position"))


def survey_design(*, survey: Survey, modes: Sequence[ModeInfo] | None = None) -> SurveyDesign:
    """What scoring.md calls the survey's design: roles, modes, questions and threshold.

    A caller that already holds the survey's modes passes them, which saves a query.
    """
    if modes is None:
        modes = survey_modes(survey=survey)
    questions = (
        BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=survey.roles)
        .order_by("position")
        .values_list("key", "role", "mode", "kind", "polarity")
    )
    return _design(survey, modes, [Question(*row) for row in questions])


def _design(survey: Survey, modes: Sequence[ModeInfo], questions: Sequence[Question]) -> SurveyDesign:
    return SurveyDesign(
        roles=tuple(survey.roles),
        modes=tuple(mode.key for mode in modes),
        questions=tuple(questions),
        threshold=survey.anonymity_threshold,
    )


def survey_round(*, survey: Survey, answers: Sequence[Answers]) -> RoundAnswers:
    """The survey as reports.changes compares it: its design, the wording of its statements, the answers.

    Two queries (modes, and questions with their words); the caller reads the answers, from
    live responses or only from what was published (reports.publishing).
    """
    modes = survey_modes(survey=survey)
    rows = list(
        BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=survey.roles)
        .order_by("position")
        .values_list("key", "role", "mode", "kind", "polarity", "text")
    )
    design = _design(
        survey, modes, [Question(key, role, mode, kind, polarity) for key, role, mode, kind, polarity, _ in rows]
    )
    wording = {row[0]: row[5] for row in rows if row[3] == LIKERT}
    return RoundAnswers(design, wording, tuple(answers))


def survey_answers_as_published(*, survey: Survey) -> list[Answers] | None:
    """The answers behind the survey's latest published results, or None when any changed since.

    A publication clears every response's `changed` mark (reports.publishing), so a survey
    whose submitted responses carry none is answered exactly as it was published. The marks
    are read in the same query as the answers: no submission can slip in between the two.
    The caller checks that the survey has published results at all.
    """
    rows = list(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).values_list(
            "role", "likert", "changed"
        )
    )
    if any(changed for _, _, changed in rows):
        return None
    return [Answers(role, likert) for role, likert, _ in rows]


def survey_answers(*, survey: Survey) -> list[Answers]:
    """The likert answers of the survey's submitted responses, in one query; drafts never count."""
    submitted = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    # The answers come as JSON text and are decoded in one call: one json.loads per row
    # costs about as much again as the scoring itself (bench/scoring.py).
    rows = list(submitted.values_list("role", Cast("likert", TextField())))
    values = json.loads(f"[{','.join(text for _, text in rows)}]")
    return [Answers(role, likert) for (role, _), likert in zip(rows, values, strict=True)]


def survey_scores(*, survey: Survey, design: SurveyDesign | None = None) -> SurveyScores:
    """Every figure of scoring.md for the survey: three queries, however many responses."""
    if design is None:
        design = survey_design(survey=survey)
    return score_survey(design, survey_answers(survey=survey))


def round_change_live(*, survey: Survey) -> tuple[Survey | None, RoundChange | None]:
    """The team's previous round and the change from it, both from current answers (export_changes).

    The operator's reading, like export_scores: leaders read the change stored in published
    results instead (reports.publishing). (None, None) for a first round; about nine queries.
    """
    earlier = round_previous(survey=survey)
    if earlier is None:
        return None, None
    then = survey_round(survey=earlier, answers=survey_answers(survey=earlier))
    return earlier, round_change(then, survey_round(survey=survey, answers=survey_answers(survey=survey)))


def survey_discussion_questions(*, survey: Survey) -> dict[str, tuple[str, ...]]:
    """The bank's discussion questions of each failure mode of the survey (none before bank version 2)."""
    rows = BankMode.objects.filter(bank_id=survey.bank_id).values_list("key", "discussion")
    return {key: tuple(questions) for key, questions in rows}
