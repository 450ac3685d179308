"""How `export_scores` scales: run as `.venv/bin/python bench/scoring.py` from the repository.

It builds surveys with 100, 1,000 and 10,000 submitted responses in a throwaway SQLite
database and, in the same run, times the command's whole work (the selector, the scoring and
the JSON) against a bare fetch of the same answer rows. Targets (issue 3): at 1,000 responses
the export takes at most twice the bare fetch, and at 10,000 at most 12 times its own time at
1,000. It prints PASS or FAIL per target and exits with 1 when one fails.
"""

import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (100, 1_000, 10_000)
REPETITIONS = 15
DONT_KNOW_RATE = 0.05
FETCH_RATIO_TARGET = 2.0  # export at 1,000 responses / bare fetch at 1,000
GROWTH_TARGET = 12.0  # export at 10,000 / export at 1,000


def _setup_django(var_dir: Path) -> None:
    """A private database: the bench must never touch the development or test databases."""
    sys.path.insert(0, str(ROOT))
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _survey_with(responses: int, rng: random.Random):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from surveys.models import BankQuestion, Organization, Response
    from surveys.services.surveys import survey_create
    from surveys.tokens import respondent_key, token_new

    organization = Organization.objects.create(name=f"Bench {responses}")
    survey = survey_create(organization=organization, created_by=None, title=f"{responses} responses")
    likert = BankQuestion.objects.filter(bank=survey.bank, kind=BankQuestion.Kind.LIKERT)
    keys = {role: list(likert.filter(role=role).values_list("key", flat=True)) for role in survey.roles}
    today = timezone.localdate()
    rows = []
    for index in range(responses):
        role = survey.roles[index % len(survey.roles)]
        answers = {key: rng.randint(1, 5) for key in keys[role] if rng.random() >= DONT_KNOW_RATE}
        rows.append(
            Response(
                survey=survey,
                role=role,
                respondent_key=respondent_key(token_new()),
                status=Response.Status.SUBMITTED,
                likert=answers,
                started_on=today,
                updated_on=today,
                submitted_on=today,
            )
        )
    Response.objects.bulk_create(rows, batch_size=500)
    return survey


def _measure(survey_id: int) -> tuple[float, float]:
    """Median seconds of the export and of the bare fetch, taken in turns so that noise hits both."""
    from django.core.management import call_command

    from surveys.models import Response

    def export() -> None:
        call_command("export_scores", str(survey_id), stdout=io.StringIO())

    def fetch() -> None:
        rows = Response.objects.filter(survey_id=survey_id, status=Response.Status.SUBMITTED)
        list(rows.values_list("role", "likert"))

    # Once each before timing, to warm the caches (statements, the t quantiles).
    export()
    fetch()
    timings: dict[Callable[[], None], list[float]] = {export: [], fetch: []}
    for _ in range(REPETITIONS):
        for work, seconds in timings.items():
            started = time.process_time()
            work()
            seconds.append(time.process_time() - started)
    return statistics.median(timings[export]), statistics.median(timings[fetch])


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def main() -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="faultline-bench-"))
    try:
        _setup_django(var_dir)
        rng = random.Random(2024)
        surveys = {size: _survey_with(size, rng).pk for size in SIZES}
        results = {size: _measure(surveys[size]) for size in SIZES}
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    print(f"{'responses':>10} {'export_scores (ms)':>19} {'bare fetch (ms)':>16} {'ratio':>6}")
    for size, (export, fetch) in results.items():
        print(f"{size:>10,} {export * 1000:>19.2f} {fetch * 1000:>16.2f} {export / fetch:>6.2f}")
    fetch_ratio = results[1_000][0] / results[1_000][1]
    growth = results[10_000][0] / results[1_000][0]
    checks = [
        (
            f"export / bare fetch at 1,000 responses = {fetch_ratio:.2f} (target <= {FETCH_RATIO_TARGET:g})",
            fetch_ratio <= FETCH_RATIO_TARGET,
        ),
        (f"export at 10,000 / export at 1,000 = {growth:.2f} (target <= {GROWTH_TARGET:g})", growth <= GROWTH_TARGET),
    ]
    for text, passed in checks:
        print(f"{_verdict(passed)}  {text}")
    return 0 if all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
