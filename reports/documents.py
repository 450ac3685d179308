"""The data of a report: everything the PDF and the browser view show, gathered before rendering.

`report_data` does every query (a fixed number, however many responses) and evaluates every
list, so that templates only read. It reads no answer: its input is one published snapshot
(privacy.md, `report_data_published`), whose figures come from reports.scoring through
export_scores' document (reports.exports), so that the report prints what the export says.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reports.exports import scores_document
from reports.models import PublishedResults
from reports.report_sections import (
    Comparison,
    ItemDistribution,
    ModeSection,
    RoleFigures,
    RoleLine,
    comparison_build,
    mode_sections_build,
)
from reports.results import Results, results_load
from reports.scoring import SurveyScores
from reports.selectors import ModeInfo
from reports.sentences import Summary, summary_build
from surveys.models import BankMode, BankQuestion, Survey
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
    "report_data_published",
    "report_input_hash",
]


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
    # Which published results the report shows (privacy.md: a report says which one).
    published_sequence: int
    published_on: datetime.date

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
    """The report of one published snapshot (privacy.md): the input side, owned by the jobs.

    Nothing here reads an answer: the figures, counts and comments are the snapshot's, and the
    team's earlier round is compared through its own latest published results.
    """
    survey = Survey.objects.select_related("organization", "bank").get(pk=published.survey_id)
    earlier = _earlier_published(survey=survey)
    return report_data(
        survey=survey,
        results=results_load(published.results),
        published=published,
        earlier=earlier,
        input_hash=_input_hash(survey=survey, published=published, earlier=earlier),
    )


def report_data(
    *,
    survey: Survey,
    results: Results,
    published: PublishedResults,
    earlier: PublishedResults | None,
    input_hash: str,
) -> ReportData:
    """Everything the report shows, from published results only, in a fixed number of queries."""
    participation = results.participation
    invited = {role.role: role.invited for role in participation}
    role_titles = survey_role_titles(survey=survey)
    bank_modes = list(BankMode.objects.filter(bank_id=survey.bank_id).order_by("position"))
    questions = list(BankQuestion.objects.filter(bank_id=survey.bank_id).order_by("position"))
    scores = results.scores
    mode_infos = [ModeInfo(mode.key, mode.title, mode.category) for mode in bank_modes]
    document = scores_document(survey=survey, scores=scores, participation=participation, modes=mode_infos)
    roles = _role_lines(scores=scores, role_titles=role_titles, invited=invited)
    modes = mode_sections_build(
        bank_modes=bank_modes,
        questions=[question for question in questions if question.role in survey.roles],
        results=results,
        roles=roles,
        document=document,
    )
    comparison = _comparison(earlier=earlier, document=document, modes=mode_infos)
    return ReportData(
        survey_id=survey.pk,
        title=survey.title,
        team=survey.team,
        organization=survey.organization.name,
        description=survey.description,
        # As the survey was when the results were published: the report shows that moment.
        status="Closed" if published.at_closing else "Open",
        opened_on=timezone.localdate(survey.created_at),
        closes_on=survey.closes_on,
        closed_on=published.published_on if published.at_closing else None,
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
        published_sequence=published.sequence,
        published_on=published.published_on,
    )


def _role_lines(
    *, scores: SurveyScores, role_titles: dict[str, str], invited: dict[str, int | None]
) -> tuple[RoleLine, ...]:
    return tuple(
        RoleLine(role, role_titles.get(role, role), invited.get(role), count.submitted, count.reportable)
        for role, count in scores.roles.items()
    )


def _comparison(
    *, earlier: PublishedResults | None, document: dict[str, Any], modes: list[ModeInfo]
) -> Comparison | None:
    """The change since the team's earlier survey, from that survey's latest published results."""
    if earlier is None:
        return None
    earlier_scores = results_load(earlier.results).scores
    return comparison_build(earlier=earlier.survey, earlier_scores=earlier_scores, now=document, modes=modes)


def report_input_hash(*, published: PublishedResults) -> str:
    """A sha256 of everything the document shows: the same hash means the same PDF.

    It covers the published snapshot (by its id: published results never change), the
    survey's own settings the cover prints, the bank version, the earlier round's snapshot,
    and DOCUMENT_VERSION. No answer and no live count is in it, so that nothing a member does
    changes it until results are published again (privacy.md).
    """
    survey = Survey.objects.select_related("organization", "bank").get(pk=published.survey_id)
    return _input_hash(survey=survey, published=published, earlier=_earlier_published(survey=survey))


def _earlier_published(*, survey: Survey) -> PublishedResults | None:
    """The latest published results of the team's latest survey before this one, on the same bank version."""
    if not survey.team:
        return None
    earlier = (
        Survey.objects.filter(
            organization_id=survey.organization_id,
            team=survey.team,
            bank_id=survey.bank_id,
            created_at__lt=survey.created_at,
        )
        .exclude(pk=survey.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    if earlier is None:
        return None
    return PublishedResults.objects.select_related("survey").filter(survey=earlier).order_by("-sequence").first()


def _input_hash(*, survey: Survey, published: PublishedResults, earlier: PublishedResults | None) -> str:
    settings = {
        "document_version": DOCUMENT_VERSION,
        "published": published.pk,
        "earlier": None if earlier is None else [earlier.pk, earlier.survey.title],
        "title": survey.title,
        "team": survey.team,
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
