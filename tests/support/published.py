"""Published results for tests: publish as the lead's button does, read what leaders read."""

import re

from reports.documents import ReportData, report_data_published
from reports.models import PublishedResults
from reports.publishing import results_publish
from reports.services import report_results_for
from surveys.models import Survey


def publish(survey: Survey) -> PublishedResults:
    """Publish the survey's results now, under the differencing guard (raises its refusal)."""
    return results_publish(survey=survey)


def report_of(survey: Survey) -> ReportData:
    """The report data a request would render now: of new results when answers changed."""
    return report_data_published(published=report_results_for(survey=survey))


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf(page: str) -> str:
    """A page's HTML without its CSRF tokens, which differ on every response and tell nothing."""
    return _CSRF.sub('name="csrfmiddlewaretoken" value=""', page)
