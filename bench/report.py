"""Benchmark of the PDF report for 30, 300 and 3,000 respondents (issue 5, "Performance").

    .venv/bin/python bench/report.py

Builds a throwaway SQLite database under a temporary directory, then renders each size in a
fresh process (so that its peak memory is its own) and prints, per size: the whole job
(report_data, then report_pdf, which draws the charts and renders the HTML), WeasyPrint's own
time on the same HTML, WeasyPrint's time on the same report without its charts, and the
process's peak memory. Then PASS or FAIL per target:
- everything outside WeasyPrint at most 25% on top of WeasyPrint's own time;
- the whole report at most 2x the chart-less render;
- peak memory at 3,000 respondents at most 300 MB.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = (30, 300, 3000)
# Shares of each size per role; the roles lean apart so that gaps and mode pages appear.
ROLE_SHARES = {"data_scientist": 0.4, "engineer": 0.35, "product_manager": 0.25}
OUTSIDE_LIMIT = 0.25
CHARTS_LIMIT = 2.0
MEMORY_LIMIT_MB = 300
ROUNDS = 3


def django_setup(var_dir: str) -> None:
    os.environ["VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_surveys() -> dict[int, int]:
    """One survey per size, answered by that many members; returns size -> survey id."""
    from django.core.management import call_command

    from surveys.models import Organization
    from tests.factories import make_survey
    from tests.support.answers import answers_random

    call_command("migrate", verbosity=0)
    organization = Organization.objects.create(name="Bench ML")
    surveys = {}
    for size in SIZES:
        survey = make_survey(organization, title=f"Bench {size}", team=f"Team {size}")
        per_role = {role: round(size * share) for role, share in ROLE_SHARES.items()}
        answers_random(survey, per_role=per_role, seed=size)
        surveys[size] = survey.pk
    return surveys


def timed(action) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds of one run; CPU time is this process's own work, whatever else runs."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(survey_id: int) -> dict[str, float]:
    """Runs in a fresh process: the three timings (best of a few rounds) and the peak memory."""
    from reports.documents import report_data
    from reports.pdf import PDF_VARIANT, pdf_document, report_html, report_pdf
    from reports.results import results_live
    from surveys.models import Survey

    survey = Survey.objects.get(pk=survey_id)

    def gathered() -> Any:
        return report_data(survey=survey, results=results_live(survey=survey))

    # A worker renders many reports: load fonts and templates once before timing.
    report_pdf(data=gathered())
    data = gathered()
    html = report_html(data=data, for_browser=False)
    bare = report_html(data=data, for_browser=False, include_charts=False)
    actions = {
        "job": lambda: report_pdf(data=gathered()),
        "weasyprint": lambda: pdf_document(html=html).write_pdf(pdf_variant=PDF_VARIANT),
        "chartless": lambda: pdf_document(html=bare).write_pdf(pdf_variant=PDF_VARIANT),
    }
    # Rounds interleave the three, so that a busy moment on the machine hits them alike.
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(ROUNDS):
        for name, action in actions.items():
            runs[name].append(timed(action))
    figures = {name: min(wall for wall, _ in values) for name, values in runs.items()}
    figures |= {f"{name}_cpu": min(cpu for _, cpu in values) for name, values in runs.items()}
    figures["pages"] = len(pdf_document(html=html).pages)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(size: int, figures: dict[str, float]) -> bool:
    """Prints one size's figures; targets are judged on CPU time, which other load cannot skew."""
    outside = figures["job_cpu"] / figures["weasyprint_cpu"] - 1
    charts = figures["job_cpu"] / figures["chartless_cpu"]
    print(f"{size:>5} respondents, {figures['pages']:.0f} pages, peak memory {figures['peak_mb']:.0f} MB")
    for name, label in (("job", "whole job"), ("weasyprint", "WeasyPrint"), ("chartless", "without charts")):
        print(f"      {label:<15} {figures[name + '_cpu']:6.2f} s CPU {figures[name]:6.2f} s wall")
    checks = [
        (f"outside WeasyPrint {outside:+.0%} (at most +{OUTSIDE_LIMIT:.0%})", outside <= OUTSIDE_LIMIT),
        (f"whole report {charts:.2f}x the chart-less render (at most {CHARTS_LIMIT:.0f}x)", charts <= CHARTS_LIMIT),
    ]
    if size == max(SIZES):
        memory_ok = figures["peak_mb"] <= MEMORY_LIMIT_MB
        checks.append((f"peak memory {figures['peak_mb']:.0f} MB (at most {MEMORY_LIMIT_MB} MB)", memory_ok))
    for label, ok in checks:
        print(f"      {verdict(ok)} {label}")
    return all(ok for _, ok in checks)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        django_setup(os.environ["VAR_DIR"])
        print(json.dumps(measure(int(sys.argv[2]))))
        return 0
    with tempfile.TemporaryDirectory(prefix="faultline-bench-") as var_dir:
        django_setup(var_dir)
        surveys = build_surveys()
        passed = True
        for size, survey_id in surveys.items():
            result = subprocess.run(
                [sys.executable, __file__, "--measure", str(survey_id)],
                capture_output=True, text=True, check=True, env=os.environ.copy(),
            )  # fmt: skip
            passed &= report(size, json.loads(result.stdout.strip().splitlines()[-1]))
    print("All targets met." if passed else "Some targets missed.")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
