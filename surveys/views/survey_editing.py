"""A lead's changes to a survey after creating it: edit, duplicate, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from surveys.forms.surveys import SurveyDeleteForm, SurveyDuplicateForm, SurveyEditForm
from surveys.http import AuthenticatedRequest
from surveys.models import Survey
from surveys.selectors.surveys import survey_get_for_lead
from surveys.selectors.teams import team_round_next
from surveys.services.rounds import round_closes_on, round_title
from surveys.services.survey_editing import (
    survey_delete,
    survey_deletion_preview,
    survey_duplicate,
    survey_settings,
    survey_settings_locked,
    survey_update,
)

SURVEY_UPDATED_MESSAGE = "Survey saved."
SURVEY_DUPLICATED_MESSAGE = "Survey copied as round {round} of {team}. Invite its members next."
SURVEY_DELETED_MESSAGE = "“{title}” deleted, with its answers, links, results and reports."


@login_required
def survey_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    locked = survey_settings_locked(survey=survey)
    roles = survey.bank.roles.all()
    form = SurveyEditForm(request.POST or None, roles=roles, locked=locked, initial=survey_settings(survey=survey))
    if request.method == "POST" and form.is_valid():
        try:
            survey_update(survey=survey, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, SURVEY_UPDATED_MESSAGE)
            return redirect("surveys:detail", pk=pk)
    context = {"survey": survey, "form": form, "locked": locked}
    return render(request, "surveys/survey_edit.html", context, status=400 if form.is_bound else 200)


@login_required
def survey_duplicate_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    # The title the copy would take as the same team's next round; the lead may change both.
    number = team_round_next(team=survey.team)
    initial = {
        "title": round_title(survey.title, number=number),
        "team": survey.team.name,
        "closes_on": round_closes_on(survey),
    }
    form = SurveyDuplicateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = survey_duplicate(survey=survey, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, SURVEY_DUPLICATED_MESSAGE.format(round=copy.round_number, team=copy.team.name))
            return redirect("surveys:invitations", pk=copy.pk)
    context = {"survey": survey, "form": form}
    return render(request, "surveys/survey_duplicate.html", context, status=400 if form.is_bound else 200)


@login_required
def survey_delete_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = SurveyDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_delete(survey=survey, confirmation=form.cleaned_data["confirmation"])
        except ValidationError as error:
            form.add_error("confirmation", error)
        else:
            messages.success(request, SURVEY_DELETED_MESSAGE.format(title=survey.title))
            return redirect("surveys:list")
    return _delete_page(request, survey, form)


def _delete_page(request: AuthenticatedRequest, survey: Survey, form: SurveyDeleteForm) -> HttpResponse:
    context = {"survey": survey, "form": form, "loss": survey_deletion_preview(survey=survey)}
    return render(request, "surveys/survey_delete.html", context, status=400 if form.is_bound else 200)
