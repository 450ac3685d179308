from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reports.models import ReportJob
from surveys.selectors.organizations import organizations_viewed_by


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    jobs = ReportJob.objects.filter(
        survey__organization__in=organizations_viewed_by(user=request.user), state=ReportJob.State.SUCCEEDED
    ).select_related("survey")
    return render(request, "reports/report_list.html", {"jobs": jobs})
