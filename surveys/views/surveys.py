from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from surveys.forms.surveys import ResponseImportForm, SurveyCreateForm, SurveyReopenForm
from surveys.http import AuthenticatedRequest, private_download
from surveys.models import Survey
from surveys.panels import survey_panels
from surveys.selectors.invitations import survey_progress, surveys_progress_summary
from surveys.selectors.organizations import organizations_led_by
from surveys.selectors.questions import survey_import_template_csv
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles, surveys_for_lead
from surveys.services.imports import ResponseImportError, responses_import_csv
from surveys.services.question_banks import question_bank_latest
from surveys.services.surveys import survey_close, survey_create, survey_reopen

SURVEY_CREATED_MESSAGE = "Survey created. Invite its members next."
SURVEY_CLOSED_MESSAGE = "Survey closed: its links no longer accept answers."
SURVEY_REOPENED_MESSAGE = "Survey reopened: its links accept answers again."
SURVEY_REOPENED_DATE_CLEARED_MESSAGE = "Survey reopened without a closing date, as the previous one had passed."
RESPONSES_IMPORTED_MESSAGE = "{count} responses imported."


@login_required
def survey_list(request: AuthenticatedRequest) -> HttpResponse:
    # A viewer leads nothing: their home is the list of reports.
    if not organizations_led_by(user=request.user).exists():
        return redirect("reports:list")
    surveys = list(surveys_for_lead(user=request.user))
    summaries = surveys_progress_summary(surveys=surveys)
    rows = [(survey, summaries[survey.pk]) for survey in surveys]
    return render(request, "surveys/survey_list.html", {"rows": rows})


@login_required
def survey_create_view(request: AuthenticatedRequest) -> HttpResponse:
    organizations = organizations_led_by(user=request.user)
    if not organizations.exists():
        return redirect("reports:list")
    roles = question_bank_latest().roles.all()
    form = SurveyCreateForm(request.POST or None, roles=roles, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = survey_create(
                organization=data.get("organization") or organizations.get(),
                created_by=request.user,
                title=data["title"],
                team=data["team"],
                description=data["description"],
                closes_on=data["closes_on"],
                roles=data["roles"],
                anonymity_threshold=data["anonymity_threshold"],
                reminder_days=data["reminder_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, SURVEY_CREATED_MESSAGE)
            return redirect("surveys:invitations", pk=survey.pk)
    return render(request, "surveys/survey_create.html", {"form": form})


@login_required
def survey_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    return _detail(request, survey, import_form=ResponseImportForm())


def _detail(
    request: AuthenticatedRequest, survey: Survey, *, import_form: ResponseImportForm, status: int = 200
) -> HttpResponse:
    context = {
        "survey": survey,
        "progress": survey_progress(survey=survey),
        "import_form": import_form,
        "reopen_form": SurveyReopenForm(),
        "panels": survey_panels(survey=survey),
        "role_titles": survey_role_titles(survey=survey),
    }
    return render(request, "surveys/survey_detail.html", context, status=status)


@login_required
@require_POST
def survey_close_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    try:
        notes = survey_close(survey=survey)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, " ".join([SURVEY_CLOSED_MESSAGE, *notes]))
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def survey_reopen_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = SurveyReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["closes_on"]))
        return redirect("surveys:detail", pk=pk)
    had_date = survey.closes_on is not None
    try:
        survey_reopen(survey=survey, closes_on=form.cleaned_data["closes_on"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        cleared = had_date and survey.closes_on is None
        messages.success(request, SURVEY_REOPENED_DATE_CLEARED_MESSAGE if cleared else SURVEY_REOPENED_MESSAGE)
    return redirect("surveys:detail", pk=pk)


@private_download
@login_required
def responses_import_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    response = HttpResponse(survey_import_template_csv(survey=survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="faultline-import-template-{survey.pk}.csv"'
    return response


@login_required
@require_POST
def responses_import_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = ResponseImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = responses_import_csv(survey=survey, text=form.cleaned_data["file"])
        except ResponseImportError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, RESPONSES_IMPORTED_MESSAGE.format(count=count))
            return redirect("surveys:detail", pk=pk)
    return _detail(request, survey, import_form=form, status=400)
