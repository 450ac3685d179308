"""The member's side: a link's intro, the questionnaire pages, and the confirmation.

Members have no account: the token in the address is the only key, and every lookup goes
through surveys/selectors/questionnaire.py.
"""

from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from surveys.forms.questionnaire import (
    ACTION_BACK,
    ACTION_NEXT,
    ACTION_SUBMIT,
    ACTION_SUBMIT_BLANK,
    SUBMIT_ACTIONS,
    PageAnswers,
    TamperedPostError,
    page_answers_parse,
    role_parse,
)
from surveys.models import Response, Survey
from surveys.ratelimit import RATE_LIMITED_MESSAGE, rate_limit, rate_limit_exceeded
from surveys.selectors.questionnaire import (
    LinkClosedError,
    LinkError,
    LinkRevokedError,
    Questionnaire,
    QuestionnaireLink,
    QuestionnairePage,
    questionnaire_get,
    questionnaire_link_get,
)
from surveys.selectors.surveys import survey_role_titles
from surveys.services.invitations import invitation_url
from surveys.services.responses import (
    invitation_note_visit,
    response_save_page,
    response_start_from_open_link,
    response_submit,
)
from surveys.views.questionnaire_context import (
    BOOKMARK_MESSAGE,
    SUBMITTED_MESSAGE,
    document_context,
    intro_context,
    page_context,
    submitted_message,
)

# Tests and other modules read the pages' sentences from here.
__all__ = ["BOOKMARK_MESSAGE", "SUBMITTED_MESSAGE"]

# Generous for a person, tight enough to keep a script from hammering the token endpoints
# (the 256-bit tokens already make guessing hopeless).
LINK_RATE_LIMIT = 120  # requests per minute and address
LINK_UNKNOWN_MESSAGE = "This link does not lead to any survey. Check that you copied the whole address."
LINK_REVOKED_MESSAGE = "This link was withdrawn by the survey's team lead. Ask them for a new one if you still need it."
LINK_CLOSED_MESSAGE = "This survey is closed: it no longer takes answers."

# An open link hands out at most this many personal links per client address and hour:
# enough for a team behind one office address, too few to stuff a role.
OPEN_LINK_STARTS_PER_HOUR = 20
# The cookie that keeps, per survey, the personal link an open link gave this browser.
MEMBER_COOKIE_PREFIX = "faultline_member_"
MEMBER_COOKIE_MAX_AGE = 180 * 24 * 60 * 60  # seconds: longer than any survey runs

# The last page asks "submit anyway?" when it carries this query.
CONFIRM_BLANK_QUERY = "confirm=blank"
# static/js/questionnaire.js saves a page in the background with this header, and is answered
# with JSON instead of a redirect to the next page, which it already holds.
BACKGROUND_SAVE_HEADER = "X-Faultline-Background-Save"

limited = rate_limit(group="questionnaire", limit=LINK_RATE_LIMIT, period=60, methods=("GET", "POST"))
# The pages show a member's answers: no shared cache or back-button snapshot may keep them.
private = never_cache


@private
@limited
@require_http_methods(["GET", "POST"])
def questionnaire_start(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = questionnaire_link_get(token=token)
    except LinkError as error:
        return _link_error_page(request, error)
    if link.is_open_link:
        return _open_link(request, link)
    if request.method != "GET":
        return redirect("questionnaire:start", token=token)
    invitation_note_visit(link=link)
    questionnaire = questionnaire_get(survey=link.survey, role=link.role)
    return render(request, "questionnaire/intro.html", intro_context(link, questionnaire))


@private
@limited
@require_http_methods(["GET", "POST"])
def questionnaire_page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    if request.method == "POST":
        return _page_post(request, token, number)
    try:
        link = questionnaire_link_get(token=token)
    except LinkError as error:
        return _link_error_page(request, error)
    if link.is_open_link:
        return redirect("questionnaire:start", token=token)
    questionnaire = questionnaire_get(survey=link.survey, role=link.role)
    page = _page_or_404(questionnaire, number)
    invitation_note_visit(link=link)
    confirm_blank = request.META.get("QUERY_STRING") == CONFIRM_BLANK_QUERY
    context = page_context(link, questionnaire, page, confirm_blank=confirm_blank)
    return render(request, "questionnaire/page.html", context)


@private
@limited
@require_GET
def questionnaire_document(request: HttpRequest, token: str) -> HttpResponse:
    """The whole questionnaire in one document, paged in the browser by static/js/questionnaire.js.

    Each page keeps its own form, posting to its page's address: the script saves it in the
    background; without the script only the member's current page shows, and its form posts
    and redirects as the server-rendered pages do.
    """
    try:
        link = questionnaire_link_get(token=token)
    except LinkError as error:
        return _link_error_page(request, error)
    if link.is_open_link:
        return redirect("questionnaire:start", token=token)
    questionnaire = questionnaire_get(survey=link.survey, role=link.role)
    invitation_note_visit(link=link)
    return render(request, "questionnaire/document.html", document_context(link, questionnaire))


@private
@limited
@require_GET
def questionnaire_done(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = questionnaire_link_get(token=token)
    except LinkError as error:
        return _link_error_page(request, error)
    if link.response is None or link.response.status != Response.Status.SUBMITTED:
        return redirect("questionnaire:start", token=token)
    context = {
        "link": link,
        "survey": link.survey,
        "submitted_message": submitted_message(link),
        "personal_link": invitation_url(link.token),
    }
    return render(request, "questionnaire/done.html", context)


def _open_link(request: HttpRequest, link: QuestionnaireLink) -> HttpResponse:
    """An open link asks for the role (when it serves several) and hands out a personal link.

    One response per browser (privacy.md, "Members who are not people"): a cookie keeps the
    member's own link, and the open link leads back to it instead of making another.
    """
    member_token = _member_token_from_cookie(request, link)
    if member_token:
        return redirect("questionnaire:start", token=member_token)
    if request.method == "POST":
        if rate_limit_exceeded(request, group="open-link", limit=OPEN_LINK_STARTS_PER_HOUR, period=60 * 60):
            return render(request, "rate_limited.html", {"message": RATE_LIMITED_MESSAGE}, status=429)
        try:
            role = role_parse(data=request.POST, roles=link.roles)
            _response, personal_token = response_start_from_open_link(token=link.token, role=role)
        except (TamperedPostError, ValidationError) as error:
            return _bad_request(request, _message(error))
        response = redirect("questionnaire:page", token=personal_token, number=1)
        _member_cookie_set(response, survey=link.survey, token=personal_token)
        return response
    questionnaire = questionnaire_get(survey=link.survey, role=link.role)
    titles = survey_role_titles(survey=link.survey)
    context = intro_context(link, questionnaire) | {"roles": [(role, titles.get(role, role)) for role in link.roles]}
    return render(request, "questionnaire/intro.html", context)


def _member_cookie_name(survey_pk: int) -> str:
    return f"{MEMBER_COOKIE_PREFIX}{survey_pk}"


def _member_token_from_cookie(request: HttpRequest, link: QuestionnaireLink) -> str:
    """The personal link this browser was given for the survey, while it still opens a questionnaire."""
    token = request.COOKIES.get(_member_cookie_name(link.survey.pk), "")
    if not token:
        return ""
    try:
        member_link = questionnaire_link_get(token=token)
    except LinkError:
        return ""
    return token if member_link.is_handed_out and member_link.survey.pk == link.survey.pk else ""


def _member_cookie_set(response: HttpResponse, *, survey: Survey, token: str) -> None:
    response.set_cookie(
        _member_cookie_name(survey.pk),
        token,
        max_age=MEMBER_COOKIE_MAX_AGE,
        path="/s/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _page_post(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """Save a page (and submit the last one) with one locked lookup of the link."""
    try:
        # The link is read once, locked, in the transaction that saves: the services are
        # handed it instead of reading it again.
        with transaction.atomic():
            link = questionnaire_link_get(token=token, lock=True)
            if link.is_open_link:
                return redirect("questionnaire:start", token=token)
            questionnaire = questionnaire_get(survey=link.survey, role=link.role)
            page = _page_or_404(questionnaire, number)
            is_last = page.number == questionnaire.page_count
            posted = page_answers_parse(data=request.POST, page=page, is_last=is_last)
            needs_confirmation = _page_store(link, posted)
    except (TamperedPostError, ValidationError) as error:
        return _bad_request(request, _message(error))
    except LinkError as error:
        return _link_error_page(request, error)
    if needs_confirmation:
        return redirect(f"{_page_url(token, number)}?{CONFIRM_BLANK_QUERY}")
    if posted.action not in SUBMIT_ACTIONS and request.headers.get(BACKGROUND_SAVE_HEADER):
        return JsonResponse({"saved": True})
    if posted.action in SUBMIT_ACTIONS:
        return redirect("questionnaire:done", token=token)
    if posted.action == ACTION_BACK:
        return redirect(_page_url(token, number - 1))
    if posted.action == ACTION_NEXT and not is_last:
        return redirect(_page_url(token, number + 1))
    return redirect(_page_url(token, number))


def _page_store(link: QuestionnaireLink, posted: PageAnswers) -> bool:
    """Save the page, and submit it when asked; True when a blank submission needs confirming."""
    response = response_save_page(token=link.token, answers=posted.answers, texts=posted.texts, locked_link=link)
    # No statement answered: the page is saved, and the member is asked to confirm.
    needs_confirmation = posted.action == ACTION_SUBMIT and not response.likert
    if posted.action in SUBMIT_ACTIONS and not needs_confirmation:
        blank_confirmed = posted.action == ACTION_SUBMIT_BLANK
        response_submit(token=link.token, blank_confirmed=blank_confirmed, locked_link=replace(link, response=response))
    return needs_confirmation


def _page_or_404(questionnaire: Questionnaire, number: int) -> QuestionnairePage:
    if not 1 <= number <= questionnaire.page_count:
        raise Http404
    return questionnaire.pages[number - 1]


def _page_url(token: str, number: int) -> str:
    if number < 1:
        return reverse("questionnaire:start", args=[token])
    return reverse("questionnaire:page", args=[token, number])


def _link_error_page(request: HttpRequest, error: LinkError) -> HttpResponse:
    if isinstance(error, LinkClosedError):
        submitted = error.response is not None and error.response.status == Response.Status.SUBMITTED
        context = {
            "message": LINK_CLOSED_MESSAGE,
            "survey": error.survey,
            "response": error.response if submitted else None,
        }
        return render(request, "questionnaire/link_closed.html", context, status=error.status)
    message = LINK_REVOKED_MESSAGE if isinstance(error, LinkRevokedError) else LINK_UNKNOWN_MESSAGE
    return render(request, "questionnaire/link_invalid.html", {"message": message}, status=error.status)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "questionnaire/bad_request.html", {"message": message}, status=400)


def _message(error: TamperedPostError | ValidationError) -> str:
    return error.messages[0] if isinstance(error, ValidationError) else str(error)
