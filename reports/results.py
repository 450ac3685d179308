"""A survey's results: what leaders may read of it at one moment, and its stored form.

`Results` is the seam between the answers and everything that shows figures: the scores of
scoring.md, participation per role, and the comments of reportable roles in an order that
tells nothing. `results_live` reads them from the current answers (the operator's export
and the moment of publishing); `results_dump` and `results_load` turn them into JSON and
back without losing a digit (exact fractions travel as "p/q"), so that a stored snapshot is
read back as the very figures it was made from.

Results published from round 2 on also carry the change from the team's previous round
(scoring.md, "Change between rounds"), computed at publication from what that round had
published (reports.publishing decides when it may be), so that leaders read it from the
snapshot like every other figure.
"""

import datetime
import random
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from reports.changes import ModeChange, RoleChange, RoundAnswers, RoundChange, round_change
from reports.scoring import Answers, ItemCounts, ModeScore, RoleCount, RoleModeScore, SurveyScores, score_survey
from reports.selectors import survey_design, survey_round
from surveys.models import BankQuestion, Response, Survey
from surveys.selectors.participation import RoleParticipation, survey_participation


@dataclass(frozen=True)
class Comment:
    """One member's answer to a free-text question; the question says which role and mode."""

    question: str
    text: str


@dataclass(frozen=True)
class PreviousRound:
    """The team's previous round as one publication compared with it.

    `published_sequence` and `published_on` name the previous round's results it was compared
    with. `change` is None when it could not be compared, and `reason` then says why (one of
    reports.publishing's reasons); `reason` is empty when `change` is set.
    """

    survey_id: int
    round_number: int
    published_sequence: int | None
    published_on: datetime.date | None
    change: RoundChange | None
    reason: str


@dataclass(frozen=True)
class Results:
    scores: SurveyScores
    participation: tuple[RoleParticipation, ...]
    # Reportable roles only (privacy.md), shuffled: the order follows nothing about who wrote.
    comments: tuple[Comment, ...]
    # None for a first round, and in results published before changes were recorded.
    previous: PreviousRound | None = None


@dataclass(frozen=True)
class ReadResponse:
    pk: int
    role: str
    changed: bool


def results_live(*, survey: Survey, previous: PreviousRound | None = None, then: RoundAnswers | None = None) -> Results:
    """The survey's results from its submitted responses now, in a fixed number of queries.

    With the previous round's answers (`then`), `previous` gets the change from them to the
    very answers these scores are made of: the responses are read once for both.
    """
    return results_live_read(survey=survey, previous=previous, then=then)[0]


def results_live_read(
    *, survey: Survey, previous: PreviousRound | None = None, then: RoundAnswers | None = None
) -> tuple[Results, list[ReadResponse]]:
    """results_live, and what publishing needs of each response it read: the guard counts their
    changed marks and clears only theirs, so that it guards exactly what it publishes."""
    read = list(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).values_list(
            "pk", "role", "changed", "likert", "text"
        )
    )
    rows = [(role, likert, text) for _pk, role, _changed, likert, text in read]
    answers = [Answers(role, likert) for role, likert, _ in rows]
    scores = score_survey(survey_design(survey=survey), answers)
    if previous is not None and then is not None:
        previous = replace(previous, change=round_change(then, survey_round(survey=survey, answers=answers)))
    results = Results(
        scores=scores,
        participation=tuple(survey_participation(survey=survey)),
        comments=_comments(survey=survey, scores=scores, rows=rows),
        previous=previous,
    )
    return results, [ReadResponse(pk, role, changed) for pk, role, changed, _likert, _text in read]


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
        "previous": _previous_dump(results.previous),
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
        # Results published before the change was recorded have no "previous" at all.
        previous=_previous_load(data.get("previous")),
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


def _previous_dump(previous: PreviousRound | None) -> dict[str, Any] | None:
    if previous is None:
        return None
    change = previous.change
    return {
        "survey": previous.survey_id,
        "round_number": previous.round_number,
        "published_sequence": previous.published_sequence,
        "published_on": None if previous.published_on is None else previous.published_on.isoformat(),
        "reason": previous.reason,
        "modes": None if change is None else [_mode_change_dump(mode) for mode in change.modes],
        "not_compared": None if change is None else list(change.not_compared),
    }


def _previous_load(data: dict[str, Any] | None) -> PreviousRound | None:
    if data is None:
        return None
    published_on = data["published_on"]
    modes, not_compared = data["modes"], data["not_compared"]
    return PreviousRound(
        survey_id=data["survey"],
        round_number=data["round_number"],
        published_sequence=data["published_sequence"],
        published_on=None if published_on is None else datetime.date.fromisoformat(published_on),
        change=None if modes is None else RoundChange(tuple(map(_mode_change_load, modes)), tuple(not_compared)),
        reason=data["reason"],
    )


def _mode_change_dump(mode: ModeChange) -> dict[str, Any]:
    return {
        "key": mode.key,
        "shared_items": mode.shared_items,
        "overall_change": mode.overall_change,
        "overall_exact": _fraction_dump(mode.overall_exact),
        "shown_then_only": mode.shown_then_only,
        "shown_now_only": mode.shown_now_only,
        "roles": [_role_change_dump(role) for role in mode.roles.values()],
    }


def _mode_change_load(data: dict[str, Any]) -> ModeChange:
    roles = [_role_change_load(role) for role in data["roles"]]
    return ModeChange(
        key=data["key"],
        shared_items=data["shared_items"],
        overall_change=data["overall_change"],
        roles={role.role: role for role in roles},
        shown_then_only=tuple(data["shown_then_only"]),
        shown_now_only=tuple(data["shown_now_only"]),
        overall_exact=_fraction_load(data["overall_exact"]),
    )


def _role_change_dump(role: RoleChange) -> dict[str, Any]:
    return {
        "role": role.role,
        "change": role.change,
        "change_ci95": role.change_ci95,
        "credible": role.credible,
        "then_risk": role.then_risk,
        "now_risk": role.now_risk,
        "change_exact": _fraction_dump(role.change_exact),
    }


def _role_change_load(data: dict[str, Any]) -> RoleChange:
    low, high = data["change_ci95"]
    return RoleChange(
        role=data["role"],
        change=data["change"],
        change_ci95=(low, high),
        credible=data["credible"],
        then_risk=data["then_risk"],
        now_risk=data["now_risk"],
        change_exact=Fraction(data["change_exact"]),
    )
