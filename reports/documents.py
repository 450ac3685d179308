"""The data of a report: everything the PDF and the browser view show, gathered before rendering.

`report_data` takes the survey's `Results` (the figures of reports.scoring, participation and
comments) and adds what a reader needs beside them, in a fixed number of queries, evaluating
every list, so that templates only read. Sections, sentences and charts take the scoring
module's dataclasses themselves; the export's JSON is a serializer only and plays no part.
A report reads no answer: its results are one published snapshot (privacy.md), loaded by
`report_data_published`, and so is the earlier round it is compared with.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reports.document_version import document_version
from reports.executive import ExecutiveSummary, executive_summary_build
from reports.models import PublishedResults
from reports.report_rounds import ReportRounds, report_rounds_build
from reports.report_sections import (
    ItemDistribution,
    ModeSection,
    RoleCell,
    RoleLine,
    mode_sections_build,
    role_lines_build,
)
from reports.results import Results, results_load
from reports.scoring import SurveyScores
from reports.selectors import survey_modes
from reports.sentences import Summary, summary_build
from surveys.models import BankMode, BankQuestion, Survey
from surveys.selectors.surveys import survey_role_titles

__all__ = [
    "ItemDistribution",
    "ModeSection",
    "ReportData",
    "RoleCell",
    "RoleLine",
    "report_data",
    "report_data_published",
    "report_input_hash",
]


@dataclass(frozen=True)
class ReportData:
    survey_id: int
    title: str
    team: str
    round_number: int
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
    # The first page, in plain words (reports.executive); `summary` keeps the sentences with
    # their intervals, which the appendix prints.
    executive: ExecutiveSummary
    summary: Summary
    # The improvement loop: the change since the last round, the trend, the actions.
    rounds: ReportRounds
    generated_on: datetime.date
    input_hash: str
    # Which published results the report shows (privacy.md: a report says which one).
    published_sequence: int
    published_on: datetime.date

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


def report_data_published(*, published: PublishedResults) -> ReportData:
    """The report of one published snapshot: its figures, counts and comments, and no answer."""
    survey = Survey.objects.select_related("organization", "bank", "team").get(pk=published.survey_id)
    results = results_load(published.results)
    rounds = _rounds(survey=survey, results=results, published=published)
    return report_data(
        survey=survey,
        results=results,
        published=published,
        rounds=rounds,
        input_hash=_input_hash(survey=survey, published=published, rounds=rounds),
    )


def report_data(
    *,
    survey: Survey,
    results: Results,
    published: PublishedResults,
    rounds: ReportRounds,
    input_hash: str,
) -> ReportData:
    """Everything the report of `results` shows, in a fixed number of queries (about a dozen)."""
    role_titles = survey_role_titles(survey=survey)
    bank_modes = list(BankMode.objects.filter(bank_id=survey.bank_id).order_by("position"))
    questions = list(BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=survey.roles).order_by("position"))
    scores = results.scores
    roles = role_lines_build(scores=scores, participation=results.participation, titles=role_titles)
    modes = mode_sections_build(
        bank_modes=bank_modes, questions=questions, scores=scores, roles=roles, comments=results.comments
    )
    return ReportData(
        survey_id=survey.pk,
        title=survey.title,
        team=survey.team.name,
        round_number=survey.round_number,
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
        executive=executive_summary_build(modes=modes, roles=roles, health_index=scores.health_index, rounds=rounds),
        summary=summary_build(
            scores=scores, roles=roles, mode_titles=_titles(bank_modes), threshold=survey.anonymity_threshold
        ),
        rounds=rounds,
        generated_on=timezone.localdate(),
        input_hash=input_hash,
        published_sequence=published.sequence,
        published_on=published.published_on,
    )


def _titles(bank_modes: list[BankMode]) -> dict[str, str]:
    return {mode.key: mode.title for mode in bank_modes}


def _rounds(*, survey: Survey, results: Results, published: PublishedResults) -> ReportRounds:
    modes = survey_modes(survey=survey)
    titles = survey_role_titles(survey=survey)
    return report_rounds_build(survey=survey, results=results, published=published, modes=modes, titles=titles)


def report_input_hash(*, published: PublishedResults) -> str:
    """A sha256 of everything the document shows: the same hash means the same PDF.

    It covers the published snapshot (by its id: published results never change), the
    survey's own settings the cover prints, the bank version, the snapshots of the team's
    other rounds in the trend, the actions the report lists, and the document's version
    (reports.document_version). No answer and no live count is in it, so that nothing a member
    does changes it until results are published again (privacy.md).
    """
    survey = Survey.objects.select_related("organization", "bank", "team").get(pk=published.survey_id)
    rounds = _rounds(survey=survey, results=results_load(published.results), published=published)
    return _input_hash(survey=survey, published=published, rounds=rounds)


def _input_hash(*, survey: Survey, published: PublishedResults, rounds: ReportRounds) -> str:
    settings = {
        "document_version": document_version(),
        "published": published.pk,
        "rounds": rounds.fingerprint(),
        "round_number": survey.round_number,
        "title": survey.title,
        "team": survey.team.name,
        "organization": survey.organization.name,
        "description": survey.description,
        "roles": survey.roles,
        "threshold": survey.anonymity_threshold,
        "bank_version": survey.bank.version,
        "opened_on": timezone.localdate(survey.created_at).isoformat(),
        "closes_on": survey.closes_on.isoformat() if survey.closes_on else None,
    }
    return hashlib.sha256(_canonical(settings).encode()).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
