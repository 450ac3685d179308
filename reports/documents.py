"""The data of a report: everything the PDF and the browser view show, gathered before rendering.

`report_data` takes the survey's `Results` (the figures of reports.scoring, participation and
comments) and adds what a reader needs beside them, in a fixed number of queries, evaluating
every list, so that templates only read. Sections, sentences and charts take the scoring
module's dataclasses themselves; the export's JSON is a serializer only and plays no part.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reports.document_version import document_version
from reports.report_sections import (
    Comparison,
    ItemDistribution,
    ModeSection,
    RoleCell,
    RoleLine,
    comparison_build,
    mode_sections_build,
    role_lines_build,
)
from reports.results import Results
from reports.scoring import Answers, SurveyScores, score_survey
from reports.selectors import ModeInfo, survey_design
from reports.sentences import Summary, summary_build
from surveys.models import BankMode, BankQuestion, Response, Survey
from surveys.selectors.participation import survey_participation
from surveys.selectors.surveys import survey_role_titles

__all__ = [
    "Comparison",
    "ItemDistribution",
    "ModeSection",
    "ReportData",
    "RoleCell",
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
    results: Results
    modes: tuple[ModeSection, ...]
    summary: Summary
    comparison: Comparison | None
    generated_on: datetime.date
    input_hash: str

    @property
    def scores(self) -> SurveyScores:
        return self.results.scores

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


def report_data(*, survey: Survey, results: Results) -> ReportData:
    """Everything the report of `results` shows, in a fixed number of queries (about a dozen)."""
    survey = Survey.objects.select_related("organization", "bank").get(pk=survey.pk)
    earlier = _earlier_survey(survey=survey)
    earlier_rows = _response_rows(survey=earlier) if earlier is not None else []
    invited = {role.role: role.invited for role in results.participation}
    rows = _response_rows(survey=survey)
    input_hash = _input_hash(survey=survey, rows=rows, invited=invited, earlier=earlier, earlier_rows=earlier_rows)
    role_titles = survey_role_titles(survey=survey)
    bank_modes = list(BankMode.objects.filter(bank_id=survey.bank_id).order_by("position"))
    questions = list(BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=survey.roles).order_by("position"))
    scores = results.scores
    roles = role_lines_build(scores=scores, participation=results.participation, titles=role_titles)
    modes = mode_sections_build(
        bank_modes=bank_modes, questions=questions, scores=scores, roles=roles, comments=results.comments
    )
    mode_infos = [ModeInfo(mode.key, mode.title, mode.category) for mode in bank_modes]
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
        results=results,
        modes=modes,
        summary=summary_build(
            scores=scores, roles=roles, mode_titles=_titles(bank_modes), threshold=survey.anonymity_threshold
        ),
        comparison=_comparison(earlier=earlier, earlier_rows=earlier_rows, now=scores, modes=mode_infos),
        generated_on=timezone.localdate(),
        input_hash=input_hash,
    )


def _titles(bank_modes: list[BankMode]) -> dict[str, str]:
    return {mode.key: mode.title for mode in bank_modes}


def _comparison(
    *, earlier: Survey | None, earlier_rows: list[ResponseRow], now: SurveyScores, modes: list[ModeInfo]
) -> Comparison | None:
    """The change since the team's earlier survey, scored by the same code as this one."""
    if earlier is None:
        return None
    earlier_scores = score_survey(survey_design(survey=earlier), _answers(earlier_rows))
    return comparison_build(earlier=earlier, earlier_scores=earlier_scores, now=now, modes=modes)


def report_input_hash(*, survey: Survey) -> str:
    """A sha256 of everything the document shows: the same hash means the same PDF.

    It covers the submitted answers, the survey's settings and dates, the invitations per
    role (the cover prints them), the bank version, the earlier survey it is compared with,
    and the document's version (reports.document_version); a few cheap queries.
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
        "document_version": document_version(),
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
