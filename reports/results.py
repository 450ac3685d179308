"""A survey's results: what leaders may read of it at one moment, and its stored form.

`Results` is the seam between the answers and everything that shows figures: the scores of
scoring.md, participation per role, and the comments of reportable roles in an order that
tells nothing. `results_live` reads them from the current answers (the operator's export
and the moment of publishing); `results_dump` and `results_load` turn them into JSON and
back without losing a digit (exact fractions travel as "p/q"), so that a stored snapshot is
read back as the very figures it was made from.
"""

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reports.scoring import Answers, ItemCounts, ModeScore, RoleCount, RoleModeScore, SurveyScores, score_survey
from reports.selectors import survey_design
from surveys.models import BankQuestion, Response, Survey
from surveys.selectors.participation import RoleParticipation, survey_participation


@dataclass(frozen=True)
class Comment:
    """One member's answer to a free-text question; the question says which role and mode."""

    question: str
    text: str


@dataclass(frozen=True)
class Results:
    scores: SurveyScores
    participation: tuple[RoleParticipation, ...]
    # Reportable roles only (privacy.md), shuffled: the order follows nothing about who wrote.
    comments: tuple[Comment, ...]


def results_live(*, survey: Survey) -> Results:
    """The survey's results from its submitted responses now, in a fixed number of queries."""
    rows = list(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).values_list("role", "likert", "text")
    )
    scores = score_survey(survey_design(survey=survey), [Answers(role, likert) for role, likert, _ in rows])
    return Results(
        scores=scores,
        participation=tuple(survey_participation(survey=survey)),
        comments=_comments(survey=survey, scores=scores, rows=rows),
    )


def _comments(*, survey: Survey, scores: SurveyScores, rows: list[tuple[str, Any, Any]]) -> tuple[Comment, ...]:
    asked = set(
        BankQuestion.objects.filter(bank_id=survey.bank_id, kind=BankQuestion.Kind.TEXT).values_list("role", "key")
    )
    comments = [
        Comment(key, words.strip())
        for role, _likert, texts in rows
        if scores.roles.get(role, RoleCount(0, False)).reportable
        for key, words in sorted(texts.items())
        if (role, key) in asked and str(words).strip()
    ]
    # Not seeded: the stored order must not be recomputable from anything in the database.
    random.SystemRandom().shuffle(comments)
    return tuple(comments)


# --- Stored form -------------------------------------------------------------------------------


def results_dump(results: Results) -> dict[str, Any]:
    """The results as JSON-ready data, exact values included."""
    scores = results.scores
    return {
        "withheld": scores.withheld,
        "roles": {role: [count.submitted, count.reportable] for role, count in scores.roles.items()},
        "modes": [_mode_dump(mode) for mode in scores.modes],
        "health_index": scores.health_index,
        "participation": [
            [role.role, role.invited, role.submitted, role.via_open_link, role.imported]
            for role in results.participation
        ],
        "comments": [[comment.question, comment.text] for comment in results.comments],
    }


def results_load(data: dict[str, Any]) -> Results:
    """The inverse of results_dump."""
    scores = SurveyScores(
        withheld=data["withheld"],
        roles={role: RoleCount(submitted, reportable) for role, (submitted, reportable) in data["roles"].items()},
        modes=tuple(_mode_load(mode) for mode in data["modes"]),
        health_index=data["health_index"],
    )
    return Results(
        scores=scores,
        participation=tuple(RoleParticipation(*row) for row in data["participation"]),
        comments=tuple(Comment(question, text) for question, text in data["comments"]),
    )


def _mode_dump(mode: ModeScore) -> dict[str, Any]:
    return {
        "key": mode.key,
        "overall_risk": mode.overall_risk,
        "level": mode.level,
        "gap": mode.gap,
        "gap_roles": mode.gap_roles,
        "gap_ci95": mode.gap_ci95,
        "misaligned": mode.misaligned,
        "withheld_roles": mode.withheld_roles,
        "roles": {role: _role_dump(score) for role, score in mode.roles.items()},
        "overall_ci95": mode.overall_ci95,
        "overall_exact": _fraction_dump(mode.overall_exact),
    }


def _mode_load(data: dict[str, Any]) -> ModeScore:
    return ModeScore(
        key=data["key"],
        overall_risk=data["overall_risk"],
        level=data["level"],
        gap=data["gap"],
        gap_roles=_pair(data["gap_roles"]),
        gap_ci95=_pair(data["gap_ci95"]),
        misaligned=data["misaligned"],
        withheld_roles=tuple(data["withheld_roles"]),
        roles={role: _role_load(score) for role, score in data["roles"].items()},
        overall_ci95=_pair(data["overall_ci95"]),
        overall_exact=_fraction_load(data["overall_exact"]),
    )


def _role_dump(score: RoleModeScore) -> dict[str, Any]:
    return {
        "n": score.n,
        "mean_risk": score.mean_risk,
        "sd": score.sd,
        "ci95": score.ci95,
        "favourable": score.favourable,
        "unfavourable": score.unfavourable,
        "dont_know_rate": score.dont_know_rate,
        "rwg_j": score.rwg_j,
        "items": [[item.key, item.counts] for item in score.items],
        "mean_exact": _fraction_dump(score.mean_exact),
        "variance_exact": _fraction_dump(score.variance_exact),
    }


def _role_load(data: dict[str, Any]) -> RoleModeScore:
    return RoleModeScore(
        n=data["n"],
        mean_risk=data["mean_risk"],
        sd=data["sd"],
        ci95=(data["ci95"][0], data["ci95"][1]),
        favourable=data["favourable"],
        unfavourable=data["unfavourable"],
        dont_know_rate=data["dont_know_rate"],
        rwg_j=data["rwg_j"],
        items=tuple(ItemCounts(key, _counts(counts)) for key, counts in data["items"]),
        mean_exact=Fraction(data["mean_exact"]),
        variance_exact=Fraction(data["variance_exact"]),
    )


def _counts(value: list[int] | None) -> tuple[int, int, int, int, int] | None:
    return None if value is None else (value[0], value[1], value[2], value[3], value[4])


def _pair(value: list[Any] | None) -> Any:
    return None if value is None else (value[0], value[1])


def _fraction_dump(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _fraction_load(value: str | None) -> Fraction | None:
    return None if value is None else Fraction(value)
