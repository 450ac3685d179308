from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from surveys.selectors.organizations import organizations_led_by
from surveys.selectors.surveys import surveys_for_lead


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    # A viewer leads nothing: their home is the list of reports.
    if not organizations_led_by(user=request.user).exists():
        return redirect("reports:list")
    return render(request, "surveys/survey_list.html", {"surveys": surveys_for_lead(user=request.user)})
