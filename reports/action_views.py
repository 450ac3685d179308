"""The lead's pages for actions: add one to a mode from the published results, edit, close, drop.

Every view reaches the survey through survey_get_for_lead (a 404 for anyone but its
organization's leads) and the action through its survey; each change is a POST that redirects
back to the results page, where the actions are listed.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from reports.action_selectors import action_get_for_survey, actions_of_survey
from reports.action_services import NOT_PUBLISHED_MESSAGE, action_create, action_set_status, action_update
from reports.forms import ActionEditForm, ActionForm
from reports.models import Action
from reports.publishing import published_latest
from reports.selectors import ModeInfo, survey_modes
from surveys.http import AuthenticatedRequest
from surveys.models import Survey
from surveys.selectors.surveys import survey_get_for_lead

ACTION_ADDED_MESSAGE = "Action added: “{what}”, due {due_on}."
ACTION_SAVED_MESSAGE = "Action saved: “{what}”."
ACTION_CLOSED_MESSAGE = "Action closed as done: “{what}”."
ACTION_DROPPED_MESSAGE = "Action dropped: “{what}”. It stays in the list, marked dropped."


def actions_section_context(
    *, survey: Survey, modes: Sequence[ModeInfo] | None = None, can_change: bool
) -> dict[str, Any]:
    """What templates/reports/actions/actions_section.html needs; read-only unless `can_change`.

    For a page whose view has already checked access: a lead's results page may change them,
    any other page (a viewer's, the team's) only lists them.
    """
    modes = survey_modes(survey=survey) if modes is None else modes
    groups = actions_of_survey(survey=survey, modes=modes)
    return {"action_groups": groups, "action_modes": modes, "can_change_actions": can_change}


@login_required
def action_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    if published_latest(survey=survey) is None:
        messages.error(request, NOT_PUBLISHED_MESSAGE)
        return redirect("scores:survey", pk=survey.pk)
    form = ActionForm(_posted(request), modes=survey_modes(survey=survey), initial={"mode": request.GET.get("mode")})
    if request.method == "POST" and form.is_valid():
        try:
            action = action_create(survey=survey, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            due_on = date_format(action.due_on, "j F Y")
            messages.success(request, ACTION_ADDED_MESSAGE.format(what=action.what, due_on=due_on))
            return _to_results(survey)
    return _form_page(request, survey, form, action=None)


@login_required
def action_edit_view(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    action = action_get_for_survey(survey=survey, pk=action_pk)
    initial = {name: getattr(action, name) for name in ActionEditForm.base_fields}
    form = ActionEditForm(_posted(request), modes=survey_modes(survey=survey), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action_update(action=action, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, ACTION_SAVED_MESSAGE.format(what=action.what))
            return _to_results(survey)
    return _form_page(request, survey, form, action=action)


@login_required
@require_POST
def action_close_view(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    return _set_status(request, pk, action_pk, status=Action.Status.DONE, message=ACTION_CLOSED_MESSAGE)


@login_required
@require_POST
def action_drop_view(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    return _set_status(request, pk, action_pk, status=Action.Status.DROPPED, message=ACTION_DROPPED_MESSAGE)


def _set_status(request: AuthenticatedRequest, pk: int, action_pk: int, *, status: str, message: str) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    action = action_set_status(action=action_get_for_survey(survey=survey, pk=action_pk), status=status)
    messages.success(request, message.format(what=action.what))
    return _to_results(survey)


def _posted(request: AuthenticatedRequest) -> QueryDict | None:
    # An empty POST is a form sent with nothing in it: bound, so that it shows what is missing.
    return request.POST if request.method == "POST" else None


def _form_page(
    request: AuthenticatedRequest, survey: Survey, form: ActionForm, *, action: Action | None
) -> HttpResponse:
    # A form sent back with its errors is bad input: nothing was changed.
    status = 400 if form.errors else 200
    context = {"survey": survey, "form": form, "action": action}
    return render(request, "reports/actions/action_form.html", context, status=status)


def _to_results(survey: Survey) -> HttpResponseRedirect:
    return redirect(reverse("scores:survey", args=[survey.pk]) + "#actions")
