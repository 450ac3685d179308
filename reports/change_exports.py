"""The change between rounds as the JSON of commands.md (`export_changes`).

One serializer for the command, which reads current answers, and for the scores page's
download, which reads the change stored in published results (privacy.md); floats at full
precision, written as export_scores writes them.
"""

from typing import Any

from reports.changes import ModeChange, RoundChange
from reports.exports import scores_json
from reports.results import Results
from reports.selectors import round_change_live
from surveys.models import Survey


def changes_document(*, survey_id: int, previous_id: int | None, change: RoundChange | None) -> dict[str, Any]:
    """commands.md's document; failure modes are empty when there is nothing to compare with."""
    return {
        "survey": survey_id,
        "previous": previous_id,
        "failure_modes": [] if change is None else [_mode_entry(mode) for mode in change.modes],
    }


def _mode_entry(mode: ModeChange) -> dict[str, Any]:
    return {
        "key": mode.key,
        "shared_items": mode.shared_items,
        "overall_change": mode.overall_change,
        # Only the roles shown on the mode in both rounds: a role in one round only is no change.
        "roles": {
            role: {"change": figures.change, "change_ci95": list(figures.change_ci95), "credible": figures.credible}
            for role, figures in mode.roles.items()
        },
    }


def survey_changes_json(*, survey: Survey) -> str:
    """The `export_changes` output: the change from the previous round, from current answers."""
    earlier, change = round_change_live(survey=survey)
    document = changes_document(survey_id=survey.pk, previous_id=None if earlier is None else earlier.pk, change=change)
    return scores_json(document=document)


def published_changes_document(*, survey: Survey, results: Results) -> dict[str, Any] | None:
    """The document from published results, or None when they store no change to show."""
    previous = results.previous
    if previous is None or previous.change is None:
        return None
    return changes_document(survey_id=survey.pk, previous_id=previous.survey_id, change=previous.change)


def published_changes_json(*, survey: Survey, results: Results) -> str | None:
    """The same document as text: the scores page's download."""
    document = published_changes_document(survey=survey, results=results)
    return None if document is None else scores_json(document=document)
