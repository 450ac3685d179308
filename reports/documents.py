"""The data of a report: everything the PDF and the browser view show, gathered before rendering.

`report_data` does every query (a fixed number, however many responses) and evaluates every
list, so that templates only read. The figures come from reports.scoring through
export_scores' document (reports.exports), so that the report prints what the export says.
"""

import datetime
import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reports.exports import scores_document
from reports.report_sections import (
    Comparison,
    ItemDistribution,
    ModeSection,
    RoleFigures,
    RoleLine,
    comparison_build,
    mode_sections_build,
)
from reports.scoring import Answers, SurveyScores, score_survey
from reports.selectors import ModeInfo, survey_design
from reports.sentences import Summary, summary_build
from surveys.models import BankMode, BankQuestion, Response, Survey
from surveys.selectors.participation import survey_participation
from surveys.selectors.surveys import survey_role_titles

# Bump when a template, the CSS or the data shown changes, so that a new PDF is rendered.
DOCUMENT_VERSION = 1

__all__ = [
    "DOCUMENT_VERSION",
    "Comparison",
    "ItemDistribution",
    "ModeSection",
    "ReportData",
    "RoleFigures",
    "RoleLine",
    "report_data",
    "report_input_hash",
]

# One submitted response as read for the report: (role, likert answers, free-text answers).
ResponseRow = tuple[str, dict[str, int], dict[str, str]]


@dataclass(frozen=True)
class ReportData:
    survey_id: int
    title: str
    team: str
    organization: str
    description: str
    status: str
    opened_on: datetime.date
    closes_on: datetime.date | None
    closed_on: datetime.date | None
    threshold: int
    bank_name: str
    bank_version: int
    roles: tuple[RoleLine, ...]
    scores: SurveyScores
    document: dict[str, Any]
    modes: tuple[ModeSection, ...]
    summary: Summary
    comparison: Comparison | None
    generated_on: datetime.date
    input_hash: str

    @property
    def withheld(self) -> bool:
        return self.scores.withheld

    @property
    def reportable_roles(self) -> tuple[RoleLine, ...]:
        return tuple(role for role in self.roles if role.reportable)

    @property
    def hidden_roles(self) -> tuple[RoleLine, ...]:
        return tuple(role for role in self.roles if not role.reportable)

    @property
    def mode_pages(self) -> tuple[ModeSection, ...]:
        return tuple(mode for mode in self.modes if mode.has_page)


def report_data(*, survey: Survey) -> ReportData:
    """Everything the report shows, in a fixed number of queries (about a dozen)."""
    survey = Survey.objects.select_related("organization", "bank").get(pk=survey.pk)
    rows = _response_rows(survey=survey)
    earlier = _earlier_survey(survey=survey)
    earlier_rows = _response_rows(survey=earlier) if earlier is not None else []
    participation = survey_participation(survey=survey)
    invited = {role.role: role.invited for role in participation}
    input_hash = _input_hash(survey=survey, rows=rows, invited=invited, earlier=earlier, earlier_rows=earlier_rows)
    role_titles = survey_role_titles(survey=survey)
    bank_modes = list(BankMode.objects.filter(bank_id=survey.bank_id).order_by("position"))
    questions = list(BankQuestion.objects.filter(bank_id=survey.bank_id).order_by("position"))
    # One read of the answers feeds both the scores and the distributions, so they always agree.
    scores = score_survey(survey_design(survey=survey), _answers(rows))
    mode_infos = [ModeInfo(mode.key, mode.title, mode.category) for mode in bank_modes]
    document = scores_document(survey=survey, scores=scores, participation=participation, modes=mode_infos)
    roles = _role_lines(scores=scores, role_titles=role_titles, invited=invited)
    modes = mode_sections_build(
        bank_modes=bank_modes,
        questions=[question for question in questions if question.role in survey.roles],
        rows=rows,
        roles=roles,
        document=document,
        shuffle=random.Random(input_hash),  # noqa: S311 - an order for comments, not a secret.
    )
    comparison = _comparison(earlier=earlier, earlier_rows=earlier_rows, document=document, modes=mode_infos)
    return ReportData(
        survey_id=survey.pk,
        title=survey.title,
        team=survey.team,
        organization=survey.organization.name,
        description=survey.description,
        status="Open" if survey.is_open else "Closed",
        opened_on=timezone.localdate(survey.created_at),
        closes_on=survey.closes_on,
        closed_on=timezone.localdate(survey.closed_at) if survey.closed_at else None,
        threshold=survey.anonymity_threshold,
        bank_name=survey.bank.name,
        bank_version=survey.bank.version,
        roles=roles,
        scores=scores,
        document=document,
        modes=modes,
        summary=summary_build(document=document, roles=roles, threshold=survey.anonymity_threshold),
        comparison=comparison,
        generated_on=timezone.localdate(),
        input_hash=input_hash,
    )


def _role_lines(
    *, scores: SurveyScores, role_titles: dict[str, str], invited: dict[str, int | None]
) -> tuple[RoleLine, ...]:
    return tuple(
        RoleLine(role, role_titles.get(role, role), invited.get(role), count.submitted, count.reportable)
        for role, count in scores.roles.items()
    )


def _comparison(
    *, earlier: Survey | None, earlier_rows: list[ResponseRow], document: dict[str, Any], modes: list[ModeInfo]
) -> Comparison | None:
    """The change since the team's earlier survey, scored by the same code as this one."""
    if earlier is None:
        return None
    earlier_scores = score_survey(survey_design(survey=earlier), _answers(earlier_rows))
    return comparison_build(earlier=earlier, earlier_scores=earlier_scores, now=document, modes=modes)


def report_input_hash(*, survey: Survey) -> str:
    """A sha256 of everything the document shows: the same hash means the same PDF.

    It covers the submitted answers, the survey's settings and dates, the invitations per
    role (the cover prints them), the bank version, the earlier survey it is compared with,
    and DOCUMENT_VERSION; a few cheap queries.
    """
    survey = Survey.objects.select_related("organization", "bank").get(pk=survey.pk)
    earlier = _earlier_survey(survey=survey)
    return _input_hash(
        survey=survey,
        rows=_response_rows(survey=survey),
        invited={role.role: role.invited for role in survey_participation(survey=survey)},
        earlier=earlier,
        earlier_rows=_response_rows(survey=earlier) if earlier is not None else [],
    )


def _response_rows(*, survey: Survey) -> list[ResponseRow]:
    responses = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    return list(responses.values_list("role", "likert", "text"))


def _answers(rows: list[ResponseRow]) -> list[Answers]:
    return [Answers(role, likert) for role, likert, _text in rows]


def _earlier_survey(*, survey: Survey) -> Survey | None:
    """The team's latest survey before this one, on the same bank version; a team needs a name."""
    if not survey.team:
        return None
    earlier = (
        Survey.objects.select_related("bank")
        .filter(
            organization_id=survey.organization_id,
            team=survey.team,
            bank_id=survey.bank_id,
            created_at__lt=survey.created_at,
        )
        .exclude(pk=survey.pk)
    )
    return earlier.order_by("-created_at", "-id").first()


def _input_hash(
    *,
    survey: Survey,
    rows: list[ResponseRow],
    invited: dict[str, int | None],
    earlier: Survey | None,
    earlier_rows: list[ResponseRow],
) -> str:
    settings = {
        "document_version": DOCUMENT_VERSION,
        "title": survey.title,
        "team": survey.team,
        "organization": survey.organization.name,
        "description": survey.description,
        "status": survey.status,
        "roles": survey.roles,
        "threshold": survey.anonymity_threshold,
        "invited": invited,
        "bank_version": survey.bank.version,
        "opened_on": timezone.localdate(survey.created_at).isoformat(),
        "closes_on": survey.closes_on.isoformat() if survey.closes_on else None,
        "closed_on": timezone.localdate(survey.closed_at).isoformat() if survey.closed_at else None,
        "earlier": _earlier_summary(earlier, earlier_rows),
    }
    digest = hashlib.sha256(_canonical(settings).encode())
    for line in sorted(_canonical(row) for row in rows):
        digest.update(b"\n" + line.encode())
    return digest.hexdigest()


def _earlier_summary(earlier: Survey | None, rows: list[ResponseRow]) -> dict[str, Any] | None:
    if earlier is None:
        return None
    answers = hashlib.sha256("\n".join(sorted(_canonical(row) for row in rows)).encode()).hexdigest()
    settings = [earlier.pk, earlier.title, earlier.roles, earlier.anonymity_threshold]
    return {"settings": settings, "created": earlier.created_at.isoformat(), "answers": answers}


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
