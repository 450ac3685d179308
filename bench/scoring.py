"""How `export_scores` scales: run as `.venv/bin/python bench/scoring.py` from the repository.

It builds surveys with 100, 1,000 and 10,000 submitted responses in a throwaway SQLite
database and, in the same run, times the command's whole work (the selector, the scoring and
the JSON) against a bare fetch of the same answer rows. Targets (issue 3): at 1,000 responses
the export takes at most twice the bare fetch, and at 10,000 at most 12 times its own time at
1,000. Each figure is the median of several runs, export and fetch taken in turns, on both
the CPU clock of this process and the wall clock; the targets are judged on CPU time. It
prints PASS or FAIL per target and exits with 1 when one fails.
"""

import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

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
    from surveys.models import BankQuestion, Organization, Response
    from surveys.services.surveys import survey_create
    from surveys.tokens import respondent_key, token_new

    organization = Organization.objects.create(name=f"Bench {responses}")
    survey = survey_create(organization=organization, created_by=None, title=f"{responses} responses")
    likert = BankQuestion.objects.filter(bank=survey.bank, kind=BankQuestion.Kind.LIKERT)
    keys = {role: list(likert.filter(role=role).values_list("key", flat=True)) for role in survey.roles}
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
            )
        )
    Response.objects.bulk_create(rows, batch_size=500)
    return survey


class Timing(NamedTuple):
    """Median milliseconds of the export and of the bare fetch, on one clock."""

    export: float
    fetch: float


CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def _measure(survey_id: int) -> dict[str, Timing]:
    """Both timings on both clocks, the two kinds of work taken in turns so that noise hits both."""
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
    samples: dict[tuple[str, str], list[float]] = {}
    for _ in range(REPETITIONS):
        for name, work in (("export", export), ("fetch", fetch)):
            started = {clock: read() for clock, read in CLOCKS.items()}
            work()
            for clock, read in CLOCKS.items():
                samples.setdefault((clock, name), []).append((read() - started[clock]) * 1000)
    return {
        clock: Timing(statistics.median(samples[clock, "export"]), statistics.median(samples[clock, "fetch"]))
        for clock in CLOCKS
    }


def _print_table(results: dict[int, dict[str, Timing]]) -> None:
    print(f"{'responses':>10} {'clock':>6} {'export_scores (ms)':>19} {'bare fetch (ms)':>16} {'ratio':>6}")
    for size, timings in results.items():
        for clock, timing in timings.items():
            ratio = timing.export / timing.fetch
            print(f"{size:>10,} {clock:>6} {timing.export:>19.2f} {timing.fetch:>16.2f} {ratio:>6.2f}")


def _checks(results: dict[int, dict[str, Timing]]) -> list[tuple[str, bool]]:
    # CPU time decides: SQLite runs in this process, so it counts the whole work, and other
    # processes on a busy machine skew it far less than the wall clock.
    at_1000, at_10000 = results[1_000]["cpu"], results[10_000]["cpu"]
    fetch_ratio = at_1000.export / at_1000.fetch
    growth = at_10000.export / at_1000.export
    return [
        (
            f"export / bare fetch at 1,000 responses = {fetch_ratio:.2f} (target <= {FETCH_RATIO_TARGET:g})",
            fetch_ratio <= FETCH_RATIO_TARGET,
        ),
        (f"export at 10,000 / export at 1,000 = {growth:.2f} (target <= {GROWTH_TARGET:g})", growth <= GROWTH_TARGET),
    ]


def main() -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="faultline-bench-"))
    try:
        _setup_django(var_dir)
        rng = random.Random(2024)
        surveys = {size: _survey_with(size, rng).pk for size in SIZES}
        results = {size: _measure(surveys[size]) for size in SIZES}
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    _print_table(results)
    checks = _checks(results)
    for text, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {text} (CPU time)")
    return 0 if all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
