from typing import Any

from django import template

from reports.publishing import published_latest, published_results_of
from reports.score_views import participation_rows
from surveys.models import Survey
from surveys.selectors.invitations import survey_role_titles

register = template.Library()


@register.simple_tag
def survey_published(survey: Survey) -> dict[str, Any] | None:
    """The survey's latest published results with their counts, for the survey page's panel."""
    published = published_latest(survey=survey)
    if published is None:
        return None
    rows = participation_rows(published_results_of(published).participation, dict(survey_role_titles(survey=survey)))
    return {"published": published, "participation": rows}
