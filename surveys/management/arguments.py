"""What every management command checks the same way, with the same one-sentence errors."""

from django.core.management.base import CommandError

from surveys.models import Survey

SURVEY_ID_MESSAGE = "The survey id must be a whole number, not “{value}”."
NO_SURVEY_MESSAGE = "No survey has the id {pk}."


def survey_from_argument(value: str) -> Survey:
    """The survey a command names by id; the command line is for administrators, so any survey."""
    try:
        pk = int(value)
    except ValueError:
        raise CommandError(SURVEY_ID_MESSAGE.format(value=value)) from None
    survey = Survey.objects.select_related("bank", "organization", "team").filter(pk=pk).first()
    if survey is None:
        raise CommandError(NO_SURVEY_MESSAGE.format(pk=pk))
    return survey
