"""The scores of a survey as the JSON and CSV of commands.md (`export_scores`).

The command line, the web downloads and the PDF report all build on `scores_document`, so
that every output shows the same figures, at full precision, from reports.scoring.
"""

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from reports.results import Results
from reports.scoring import ModeScore, RoleModeScore, SurveyScores
from reports.selectors import ModeInfo, survey_design, survey_modes, survey_scores
from surveys.models import Survey
from surveys.selectors.participation import RoleParticipation, survey_participation

CSV_HEADER = (
    "failure_mode",
    "title",
    "overall_risk",
    "level",
    "gap",
    "gap_role_low",
    "gap_role_high",
    "gap_ci95_low",
    "gap_ci95_high",
    "misaligned",
    "withheld_roles",
    "role",
    "n",
    "mean_risk",
    "sd",
    "ci95_low",
    "ci95_high",
    "favourable",
    "unfavourable",
    "dont_know_rate",
    "rwg_j",
    "health_index",
)


def scores_document(
    *,
    survey: Survey,
    scores: SurveyScores,
    participation: Sequence[RoleParticipation],
    modes: Sequence[ModeInfo],
) -> dict[str, Any]:
    """The JSON document of commands.md; failure modes are empty when the scores are withheld."""
    titles = {mode.key: mode.title for mode in modes}
    return {
        "survey": {
            "id": survey.pk,
            "title": survey.title,
            "anonymity_threshold": survey.anonymity_threshold,
            "question_bank": survey.bank.name,
            "question_bank_version": survey.bank.version,
        },
        "withheld": scores.withheld,
        "roles": {role.role: _participation_entry(role, scores) for role in participation},
        # scoring.py already leaves the modes empty when withheld; the export says so again.
        "failure_modes": [] if scores.withheld else [_mode_entry(mode, titles[mode.key]) for mode in scores.modes],
        "health_index": scores.health_index,
    }


def _participation_entry(role: RoleParticipation, scores: SurveyScores) -> dict[str, Any]:
    rate = role.response_rate
    return {
        "invited": role.invited,
        "submitted": role.submitted,
        "via_open_link": role.via_open_link,
        "imported": role.imported,
        "response_rate": None if rate is None else float(rate),
        "reportable": scores.roles[role.role].reportable,
    }


def _mode_entry(mode: ModeScore, title: str) -> dict[str, Any]:
    return {
        "key": mode.key,
        "title": title,
        "overall_risk": mode.overall_risk,
        "level": mode.level,
        "gap": mode.gap,
        "gap_roles": _listed(mode.gap_roles),
        "gap_ci95": _listed(mode.gap_ci95),
        "misaligned": mode.misaligned,
        "withheld_roles": list(mode.withheld_roles),
        # Only the roles shown on the mode are in the scores at all (scoring.md, anonymity).
        "roles": {role: _role_entry(score) for role, score in mode.roles.items()},
    }


def _role_entry(score: RoleModeScore) -> dict[str, Any]:
    return {
        "n": score.n,
        "mean_risk": score.mean_risk,
        "sd": score.sd,
        "ci95": list(score.ci95),
        "favourable": score.favourable,
        "unfavourable": score.unfavourable,
        "dont_know_rate": score.dont_know_rate,
        "rwg_j": score.rwg_j,
    }


def _listed(pair: tuple[Any, Any] | None) -> list[Any] | None:
    return None if pair is None else list(pair)


def scores_json(*, document: Mapping[str, Any]) -> str:
    """The document as text, floats with the digits that round-trip exactly.

    Compact on purpose: Python's C encoder is used only without indentation, and it is
    several times faster than the indenting one (bench/scoring.py).
    """
    return json.dumps(document, ensure_ascii=False) + "\n"


def scores_csv(*, document: Mapping[str, Any]) -> str:
    """The same figures as the JSON, one row per failure mode and shown role, under a header row."""
    return _csv_text(document)


def _csv_text(document: Mapping[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for mode in document["failure_modes"]:
        for role, score in mode["roles"].items():
            writer.writerow(_csv_cell(value) for value in _csv_row(mode, role, score, document["health_index"]))
    return buffer.getvalue()


def _csv_row(mode: Mapping[str, Any], role: str, score: Mapping[str, Any], health_index: float | None) -> list[Any]:
    low_role, high_role = mode["gap_roles"] or (None, None)
    gap_low, gap_high = mode["gap_ci95"] or (None, None)
    ci_low, ci_high = score["ci95"]
    mode_figures = [mode["key"], mode["title"], mode["overall_risk"], mode["level"], mode["gap"]]
    mode_figures += [low_role, high_role, gap_low, gap_high, mode["misaligned"], " ".join(mode["withheld_roles"])]
    role_figures = [role, score["n"], score["mean_risk"], score["sd"], ci_low, ci_high]
    role_figures += [score["favourable"], score["unfavourable"], score["dont_know_rate"], score["rwg_j"]]
    return [*mode_figures, *role_figures, health_index]


def _csv_cell(value: Any) -> str:
    """Empty for null, true/false as in the JSON, and floats at full precision (repr)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def survey_scores_document(*, survey: Survey) -> dict[str, Any]:
    """The export of a survey's scores, gathered in a fixed number of queries."""
    modes = survey_modes(survey=survey)
    design = survey_design(survey=survey, modes=modes)
    return scores_document(
        survey=survey,
        scores=survey_scores(survey=survey, design=design),
        participation=survey_participation(survey=survey),
        modes=modes,
    )


def survey_scores_json(*, survey: Survey) -> str:
    """The JSON download and the `export_scores` output."""
    return scores_json(document=survey_scores_document(survey=survey))


def survey_scores_csv(*, survey: Survey) -> str:
    """The CSV download and the `export_scores --format csv` output."""
    return _csv_text(survey_scores_document(survey=survey))


# --- Published results (privacy.md): what leaders download ----------------------------------


def published_scores_document(*, survey: Survey, results: Results) -> dict[str, Any]:
    """The same document from published results: what the lead's downloads and pages show."""
    return scores_document(
        survey=survey, scores=results.scores, participation=results.participation, modes=survey_modes(survey=survey)
    )


def published_scores_json(*, survey: Survey, results: Results) -> str:
    return scores_json(document=published_scores_document(survey=survey, results=results))


def published_scores_csv(*, survey: Survey, results: Results) -> str:
    return _csv_text(published_scores_document(survey=survey, results=results))
