"""The lead's invitations page: invite by pasted lines or CSV, hand out links, remind, revoke."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from surveys.forms.invitations import InvitationCsvForm, InvitationLinksForm, InvitationPasteForm, OpenLinkForm
from surveys.http import AuthenticatedRequest
from surveys.models import Survey
from surveys.selectors.invitations import invitations_for_survey, survey_progress
from surveys.selectors.reminders import scheduled_reminders_for
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles
from surveys.services.invitations import (
    invitation_create_open,
    invitation_url,
    invitations_create_for_rows,
    invitations_create_personal,
    invitations_remind,
)
from surveys.shown_once import links_hold, links_take
from surveys.views.invitation_revoking import undo_offer

INVITATIONS_SENT_MESSAGE = "{count} invitations created; the e-mails are on their way."
REMINDED_MESSAGE = "{count} members reminded. The next reminder can go tomorrow."


def _role_choices(survey: Survey) -> list[tuple[str, str]]:
    return list(survey_role_titles(survey=survey).items())


def _forms(survey: Survey, bound: Form | None = None) -> dict[str, Form]:
    roles = _role_choices(survey)
    forms: dict[str, Form] = {
        "paste_form": InvitationPasteForm(roles=roles, prefix="paste"),
        "csv_form": InvitationCsvForm(roles=roles, prefix="csv"),
        "links_form": InvitationLinksForm(roles=roles, prefix="links"),
        "open_form": OpenLinkForm(roles=roles, prefix="open"),
    }
    # The form that was posted comes back with its data and errors; the others stay empty.
    for name, form in forms.items():
        if bound is not None and type(form) is type(bound):
            forms[name] = bound
    return forms


def _page(request: AuthenticatedRequest, survey: Survey, *, bound: Form | None = None) -> HttpResponse:
    titles = survey_role_titles(survey=survey)
    invitations = [
        (invitation, ", ".join(titles.get(role, role) for role in invitation.roles))
        for invitation in invitations_for_survey(survey=survey)
    ]
    context: dict[str, Any] = {
        "survey": survey,
        "progress": survey_progress(survey=survey),
        "invitations": invitations,
        "undo": undo_offer(request, survey=survey),
        "scheduled_reminders": scheduled_reminders_for(survey=survey),
        **_forms(survey, bound),
    }
    return render(request, "surveys/invitations.html", context, status=200 if bound is None else 400)


@login_required
def invitations_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    return _page(request, survey)


@login_required
@require_POST
def invitations_paste(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = InvitationPasteForm(request.POST, roles=_role_choices(survey), prefix="paste")
    return _invite_rows(request, survey, form)


@login_required
@require_POST
def invitations_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = InvitationCsvForm(request.POST, request.FILES, roles=_role_choices(survey), prefix="csv")
    return _invite_rows(request, survey, form)


def _invite_rows(request: AuthenticatedRequest, survey: Survey, form: Form) -> HttpResponse:
    if form.is_valid():
        try:
            data = form.cleaned_data
            created = invitations_create_for_rows(
                survey=survey, rows=data["rows"], label=data["label"], message=data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, INVITATIONS_SENT_MESSAGE.format(count=len(created)))
            return redirect("surveys:invitations", pk=survey.pk)
    return _page(request, survey, bound=form)


@never_cache
@login_required
@require_POST
def invitations_links(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = InvitationLinksForm(request.POST, roles=_role_choices(survey), prefix="links")
    if form.is_valid():
        try:
            data = form.cleaned_data
            created = invitations_create_personal(
                survey=survey, role=data["role"], count=data["count"], label=data["label"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            links = [invitation_url(token) for _invitation, token in created]
            return _links_shown_once(request, survey, links=links, open_link=False)
    return _page(request, survey, bound=form)


@never_cache
@login_required
@require_POST
def invitation_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = OpenLinkForm(request.POST, roles=_role_choices(survey), prefix="open")
    if form.is_valid():
        try:
            data = form.cleaned_data
            _invitation, token = invitation_create_open(survey=survey, roles=data["roles"], label=data["label"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _links_shown_once(request, survey, links=[invitation_url(token)], open_link=True)
    return _page(request, survey, bound=form)


def _links_shown_once(
    request: AuthenticatedRequest, survey: Survey, *, links: list[str], open_link: bool
) -> HttpResponse:
    # POST-redirect-GET: a reload of the page that shows the links creates nothing.
    if links_hold(request, survey_pk=survey.pk, links=links, open_link=open_link):
        return redirect("surveys:links_created", pk=survey.pk)
    # Without the cache the links are shown from the POST itself rather than lost.
    return _links_page(request, survey, links=links, open_link=open_link)


def _links_page(request: AuthenticatedRequest, survey: Survey, *, links: list[str], open_link: bool) -> HttpResponse:
    context = {"survey": survey, "links": links, "open_link": open_link, "links_text": "\n".join(links)}
    return render(request, "surveys/links_created.html", context)


@never_cache
@login_required
def links_created(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    held = links_take(request, survey_pk=survey.pk)
    if held is None:
        return render(request, "surveys/links_gone.html", {"survey": survey})
    return _links_page(request, survey, links=held.links, open_link=held.open_link)


@login_required
@require_POST
def invitations_remind_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    try:
        count = invitations_remind(survey=survey)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, REMINDED_MESSAGE.format(count=count))
    return redirect("surveys:invitations", pk=pk)
