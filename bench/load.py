"""Load and faults: members answer concurrently while Redis restarts and a worker is killed.

    .venv/bin/python bench/load.py               # 200 members (the README's figures)
    .venv/bin/python bench/load.py --members 20  # the short version that `make test` runs

Against production settings (DEBUG=0, behind a pretend TLS proxy) on gunicorn (2 workers,
config/gunicorn.py), a fresh PostgreSQL database and a private Redis, with 2 Celery workers.
Beat is not started: a thread of this script runs the report sweeper every SWEEP_INTERVAL
seconds for the whole run (beat runs it every 30 s), with JOB_STALE_AFTER=10 s, so that
recovery fits in the run.
Every member uses its own loopback address (127.0.1.x), as members have their own addresses.
Exit status: 0 when every must-hold holds, 1 when one fails, 2 when PostgreSQL is missing.
"""

import argparse
import math
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_support import (
    CSRF_FIELD,
    RADIO,
    SUBMIT_BUTTON,
    TEXTAREA,
    Browser,
    LoadDatabase,
    PostgresUnavailableError,
    Process,
    RedisServer,
    free_port,
    gunicorn_process,
    wait_until,
    worker_process,
)

SWEEP_INTERVAL = 2.0  # seconds
HEALTH_INTERVAL = 0.25  # seconds
MAX_PAGES = 20
LEAD_PASSWORD = "load-test lead password 7"


class Run:
    """What happened, gathered from every thread."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"member": [], "healthz": [], "lead": []}
        self.statuses: dict[str, Counter[str]] = {"member": Counter(), "healthz": Counter(), "lead": Counter()}
        self.report_requests_refused = 0
        self.events: list[str] = []
        self.members_done = 0
        self.submitted: Counter[int] = Counter()

    def record(self, kind: str, status: int | str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][str(status)] += 1

    def event(self, text: str) -> None:
        line = f"t={time.monotonic() - self.started:6.1f} s  {text}"
        with self.lock:
            self.events.append(line)
        print(line, flush=True)


def environment(*, database: LoadDatabase, redis: RedisServer, port: int, work: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTEST", "DJANGO_"))}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RESPONDENT_KEY_SECRET": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": database.url,
        "REDIS_URL": redis.url,
        "VAR_DIR": str(work / "var"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(work / "outbox"),
        "JOB_STALE_AFTER": "10",
        "LOG_FORMAT": "json",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
    }
    return env


def django_release(env: dict[str, str]) -> None:
    """The Procfile's release step, in this process, which then uses the ORM to seed and count."""
    os.environ.update(env | {"LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": "config.settings"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", "--no-input", verbosity=0)
    # Hashed names as in production, without gzip: compressing takes 20-50 s on this machine
    # and is tested by tests/config/test_staticfiles.py; the members never fetch static files.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        call_command("collectstatic", "--no-input", verbosity=0)


def seed(members: int) -> tuple[list[int], list[tuple[int, str]]]:
    from django.contrib.auth.models import User

    from surveys.models import Membership, Organization
    from surveys.services.invitations import invitations_create_personal
    from surveys.services.surveys import survey_create

    organization = Organization.objects.create(name="Load test")
    lead = User.objects.create_user("lead", email="lead@example.com", password=LEAD_PASSWORD)
    Membership.objects.create(organization=organization, user=lead, role=Membership.Role.OWNER)
    surveys = [survey_create(organization=organization, created_by=lead, title=f"Load survey {n}") for n in (1, 2, 3)]
    plan: Counter[tuple[int, str]] = Counter()
    for number in range(members):
        survey = surveys[number % 3]
        plan[(number % 3, survey.roles[(number // 3) % len(survey.roles)])] += 1
    links = []
    for (index, role), count in sorted(plan.items()):
        for _invitation, token in invitations_create_personal(survey=surveys[index], role=role, count=count):
            links.append((surveys[index].pk, token))
    random.shuffle(links)
    return [survey.pk for survey in surveys], links


def page_answers(html: str) -> list[tuple[str, str]]:
    choices: dict[str, list[str]] = {}
    for name, value in RADIO.findall(html):
        choices.setdefault(name, []).append(value)
    answers = [(name, random.choice(values)) for name, values in choices.items()]
    comment = random.choice(["", "Deployments wait on one engineer.", "Données manquantes, 数据缺失 ✓"])
    return answers + [(name, comment) for name in TEXTAREA.findall(html)]


def csrf_field(html: str) -> list[tuple[str, str]]:
    found = CSRF_FIELD.search(html)
    return [("csrfmiddlewaretoken", found.group(1))] if found else []


def member_answer(run: Run, base_url: str, number: int, survey_id: int, token: str) -> None:
    """Open the personal link, answer every page, submit; counts a submission once confirmed."""
    browser = Browser(base_url=base_url, source_address=f"127.0.1.{number % 250 + 1}")

    def step(method: str, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        try:
            reply = browser.get(path) if method == "GET" else browser.post(path, data or [])
        except OSError as error:
            run.record("member", type(error).__name__, 0.0)
            raise
        run.record("member", reply.status, reply.seconds)
        return reply.status, reply.location, reply.body

    try:
        step("GET", f"/s/{token}/")
        path = f"/s/{token}/page/1/"
        status, _location, html = step("GET", path)
        for _page in range(MAX_PAGES):
            if status != 200:
                return
            action = "submit" if SUBMIT_BUTTON.search(html) else "next"
            status, location, _body = step("POST", path, csrf_field(html) + page_answers(html) + [("action", action)])
            if status != 302:
                return
            if action == "submit":
                if location.endswith("/done/") and step("GET", location)[0] == 200:
                    with run.lock:
                        run.submitted[survey_id] += 1
                return
            path = location
            status, _location, html = step("GET", path)
    except OSError:
        return
    finally:
        with run.lock:
            run.members_done += 1


def health_poll(run: Run, base_url: str, stop: threading.Event) -> None:
    browser = Browser(base_url=base_url, source_address="127.0.0.1")
    while not stop.wait(HEALTH_INTERVAL):
        try:
            reply = browser.get("/healthz")
            run.record("healthz", reply.status, reply.seconds)
        except OSError as error:
            run.record("healthz", type(error).__name__, 0.0)


def lead_log_in(base_url: str) -> Browser:
    lead = Browser(base_url=base_url, source_address="127.0.0.1")
    form = lead.get("/accounts/login/")
    reply = lead.post("/accounts/login/", [*csrf_field(form.body), ("username", "lead"), ("password", LEAD_PASSWORD)])
    if reply.status != 302:
        raise RuntimeError(f"The lead could not log in: {reply.status}")
    return lead


def reports_request(run: Run, lead: Browser, survey_ids: list[int], jobs: set[int], label: str) -> None:
    """The lead presses "Request report" on each survey; the job's page it lands on names the job."""
    for survey_id in survey_ids:
        token = [("csrfmiddlewaretoken", lead.cookies.get("csrftoken", ""))]
        reply = lead.post(f"/reports/surveys/{survey_id}/request/", token)
        run.record("lead", reply.status, reply.seconds)
        job = re.fullmatch(r"/reports/(\d+)/", reply.location)
        if reply.status != 302 or job is None:
            run.report_requests_refused += 1
            run.event(f"report request for survey {survey_id} answered {reply.status}")
            continue
        jobs.add(int(job.group(1)))
    run.event(f"reports requested ({label}): {len(jobs)} distinct jobs so far")


def wait_for_members(run: Run, fraction: float, total: int, timeout: float) -> None:
    wait_until(lambda: run.members_done >= math.ceil(total * fraction), timeout=timeout, interval=0.1,
               message=f"{fraction:.0%} of the members did not finish")  # fmt: skip


def fault_redis_restart(run: Run, redis: RedisServer, lead: Browser, surveys: list[int], jobs: set[int]) -> None:
    redis.stop()
    run.event(f"Redis stopped (port {redis.port})")
    # Requests while the broker is down: recorded in the database, published by the sweeper.
    reports_request(run, lead, surveys, jobs, "while Redis is down")
    time.sleep(1.0)
    redis.start()
    run.event(f"Redis started again on port {redis.port} (empty: its queue was lost)")


def fault_worker_kill(run: Run, workers: list[Process], env: dict[str, str], log_dir: Path, jobs: set[int]) -> None:
    from reports.models import ReportJob

    # Killing a worker in the middle of a render is the case that matters: when a job is
    # waiting, wait a little for a worker to start rendering it.
    deadline = time.monotonic() + 15
    jobs = ReportJob.objects.filter(pk__in=jobs)
    while (
        time.monotonic() < deadline
        and jobs.filter(state=ReportJob.State.QUEUED).exists()
        and not jobs.filter(state=ReportJob.State.RUNNING).exists()
    ):
        time.sleep(0.05)
    running = ReportJob.objects.filter(state=ReportJob.State.RUNNING).count()
    victim = workers[0]
    victim.kill()
    run.event(f"{victim.name} killed with SIGKILL ({running} report job(s) rendering at that moment)")
    replacement = worker_process(len(workers) + 1, env, log_dir)
    replacement.start(ready_text=" ready.")
    workers.append(replacement)
    run.event(f"{replacement.name} started as its replacement")


def sweep_loop(run: Run, stop: threading.Event) -> None:
    """What beat does (every 30 s in production), every SWEEP_INTERVAL seconds for the whole run."""
    from django.db import connection

    from reports.sweeping import reports_sweep

    try:
        while not stop.wait(SWEEP_INTERVAL):
            swept = {decision.value: count for decision, count in reports_sweep().items() if count}
            if swept:
                run.event(f"sweeper: {swept}")
    finally:
        connection.close()


def reports_wait(run: Run, jobs: set[int], timeout: float) -> None:
    from reports.models import ReportJob

    active = [ReportJob.State.QUEUED, ReportJob.State.RUNNING]
    deadline = time.monotonic() + timeout
    while ReportJob.objects.filter(pk__in=jobs, state__in=active).exists():
        if time.monotonic() > deadline:
            run.event(f"gave up waiting for reports after {timeout:.0f} s")
            return
        time.sleep(0.2)
    run.event("every requested report has finished")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def latency_line(run: Run, kind: str) -> str:
    values = [seconds * 1000 for seconds in run.latencies[kind]]
    figures = ", ".join(f"p{int(share * 100)} {percentile(values, share):.0f} ms" for share in (0.5, 0.95, 0.99))
    return f"{kind} requests: {len(values)}; {figures}; by status {dict(sorted(run.statuses[kind].items()))}"


def must_holds(run: Run, members: int, jobs: set[int]) -> list[tuple[str, bool]]:
    from django.db.models import Count

    from reports.models import ReportJob
    from surveys.models import Response

    submitted = sum(run.submitted.values())
    stored = Response.objects.filter(status=Response.Status.SUBMITTED)
    per_survey = Counter(dict(stored.values_list("survey").annotate(n=Count("pk"))))
    rows = Response.objects.count()
    succeeded = ReportJob.objects.filter(pk__in=jobs, state=ReportJob.State.SUCCEEDED)
    produced = [job for job in succeeded if job.pdf and Path(job.pdf.path).read_bytes()[:5] == b"%PDF-"]
    failed = list(ReportJob.objects.filter(pk__in=jobs, state=ReportJob.State.FAILED).values_list("pk", "error"))
    statuses = run.statuses["member"].items()
    server_errors = sum(count for status, count in statuses if not (status.isdigit() and int(status) < 500))
    print(f"responses: {members} members, {submitted} submitted (done page seen), {stored.count()} stored, {rows} rows")
    print(f"reports: {len(jobs)} requested (distinct jobs), {len(produced)} produced, failed: {failed}")
    return [
        ("every member submitted", submitted == members),
        ("responses submitted == responses stored", submitted == stored.count()),
        ("each response stored exactly once (one row per member)", rows == members),
        ("stored per survey == submitted per survey", per_survey == run.submitted),
        ("every report request accepted (302 to its job)", run.report_requests_refused == 0),
        ("reports requested == reports produced", len(produced) == len(jobs)),
        ("no 5xx or transport error for a member", server_errors == 0),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200, help="simulated members (default 200)")
    parser.add_argument("--concurrency", type=int, default=25, help="members answering at once (threads)")
    parser.add_argument("--timeout", type=float, default=600, help="bound on the members' part, in seconds")
    parser.add_argument("--report-timeout", type=float, default=120, help="bound on waiting for reports, in seconds")
    args = parser.parse_args()
    random.seed(6)
    work = Path(tempfile.mkdtemp(prefix="faultline-load-"))
    database, redis, port = LoadDatabase(), RedisServer(), free_port()
    processes: list[Process] = []
    try:
        database.create()
    except PostgresUnavailableError as error:
        print(f"bench/load.py: {error}", file=sys.stderr)
        return 2
    try:
        return run_bench(args, work, database, redis, port, processes)
    finally:
        for process in processes:
            process.stop()
        redis.stop()
        from django.db import connections

        connections.close_all()
        database.drop()
        shutil.rmtree(work, ignore_errors=True)


def run_bench(args: argparse.Namespace, work: Path, database: LoadDatabase, redis: RedisServer, port: int,
              processes: list[Process]) -> int:  # fmt: skip
    run = Run()
    redis.start()
    env = environment(database=database, redis=redis, port=port, work=work)
    django_release(env)
    surveys, links = seed(args.members)
    run.event(f"database {database.name} migrated; {len(links)} personal links in 3 surveys; Redis on {redis.port}")
    gunicorn = gunicorn_process(env, work)
    processes.append(gunicorn)
    gunicorn.start(ready_text="Booting worker")
    workers = [worker_process(number, env, work) for number in (1, 2)]
    processes.extend(workers)
    for worker in workers:
        worker.start(ready_text=" ready.")
    base_url = f"http://127.0.0.1:{port}"
    wait_until(lambda: Browser(base_url, "127.0.0.1").get("/healthz").status == 200, timeout=30, message="healthz")
    lead = lead_log_in(base_url)
    run.event("gunicorn (2 workers) and 2 Celery workers ready; the lead logged in; members start")
    jobs: set[int] = set()
    stop = threading.Event()
    helpers = [
        threading.Thread(target=health_poll, args=(run, base_url, stop), daemon=True),
        threading.Thread(target=sweep_loop, args=(run, stop), daemon=True),
    ]
    for helper in helpers:
        helper.start()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        futures = [
            pool.submit(member_answer, run, base_url, number, survey_id, token)
            for number, (survey_id, token) in enumerate(links)
        ]  # fmt: skip
        reports_request(run, lead, surveys, jobs, "at the start")
        wait_for_members(run, 0.3, len(links), args.timeout)
        fault_redis_restart(run, redis, lead, surveys, jobs)
        wait_for_members(run, 0.6, len(links), args.timeout)
        reports_request(run, lead, surveys, jobs, "before the kill")
        fault_worker_kill(run, workers, env, work, jobs)
        processes.extend(worker for worker in workers if worker not in processes)
        for future in futures:
            future.result(timeout=args.timeout)
    run.event(f"all {len(links)} members finished")
    reports_request(run, lead, surveys, jobs, "after the last member")
    reports_wait(run, jobs, args.report_timeout)
    stop.set()
    for helper in helpers:
        helper.join(timeout=10)
    print()
    print(latency_line(run, "member"))
    print(latency_line(run, "healthz"))
    print(latency_line(run, "lead"))
    checks = must_holds(run, len(links), jobs)
    print("faults:")
    for line in run.events:
        print(f"  {line}")
    for text, held in checks:
        print(f"{'ok  ' if held else 'FAIL'} {text}")
    return 0 if all(held for _text, held in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
