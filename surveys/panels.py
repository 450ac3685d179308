"""Sections that another app adds to a survey's page, without surveys importing that app.

The reports app shows the scores and the report jobs on the survey's page, but surveys must not
import reports (dependencies go one way). So an app registers a provider from its
AppConfig.ready(); the page's view asks each provider for its section after checking access,
so every query runs in the view and the templates only render.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from surveys.models import Survey


@dataclass(frozen=True)
class SurveyPanel:
    """A template to include on the survey's page, with what it shows (as `panel` in it)."""

    template_name: str
    context: Mapping[str, object]


SurveyPanelProvider = Callable[[Survey], SurveyPanel]

_providers: list[SurveyPanelProvider] = []


def survey_panel_register(provider: SurveyPanelProvider) -> None:
    # ready() may run twice (tests, management commands): register each provider once.
    if provider not in _providers:
        _providers.append(provider)


def survey_panels(*, survey: Survey) -> list[SurveyPanel]:
    """Every registered section for a survey whose page the caller may already show."""
    return [provider(survey) for provider in _providers]
