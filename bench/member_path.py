"""The member's path, side by side with the closest Django peer (issue 14).

    .venv/bin/python bench/member_path.py                      # 480 + 2,000 members a system
    .venv/bin/python bench/member_path.py --sequential 40 --concurrent 200   # a quick look

In one run, each on a throwaway SQLite database of its own under a scratch folder:
- Faultline as production runs it: DEBUG=0 behind a pretend TLS proxy, gunicorn with
  config/gunicorn.py and 2 sync workers, a private redis-server (rate limits, marks);
- django-survey-and-report 1.5.0, installed from PyPI into a virtualenv in the scratch folder
  (bench/member_path_peer.py), with Faultline's SQLite options and the same Django and
  gunicorn versions, 39 five-point questions on one page, gunicorn with 2 sync workers.
Members alternate between the two (A B A B), each from its own loopback address: first one
member at a time (pairs), then 10 at once in alternating blocks. A member opens its link,
answers every statement with 1 to 5 and submits, as a browser without JavaScript does.
Each request's SQL statements are counted by a WSGI wrapper around both applications.

It prints, per system: request time per member and per answered statement at one member at a
time (median over members, and the median of the pairs' ratios), requests and SQL statements
per member, members per second at 10 at once, the p95 of each request type and the worst
request; then the targets, met or not: Faultline's time per answered statement at most 0.5x
the peer's; members per second at 10 at once at least 2x; no request over 1 s; every member
stored exactly once in both. Exits 1 when a target is not met. Times are measured by the
client on loopback, so they are the server's time plus a few hundred microseconds.
"""

import argparse
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import django_release
from bench.load_support import Process, RedisServer, free_port, wait_until
from bench.member_path_client import (
    Member,
    Recorder,
    faultline_member,
    faultline_member_with_javascript,
    peer_member,
)
from bench.member_path_peer import (
    QUERY_COUNT_WSGI,
    QUESTIONS,
    faultline_sqlite_options,
    peer_counts,
    peer_gunicorn_command,
    peer_install,
    peer_project,
    peer_seed,
)

ROOT = Path(__file__).resolve().parents[1]
AT_ONCE = 10
BLOCK = 100  # members of one system per block of the 10-at-once phase
TARGET_STATEMENT_RATIO = 0.5
TARGET_THROUGHPUT_RATIO = 2.0
TARGET_WORST_SECONDS = 1.0


FaultlineWalk = Callable[[Member, str], tuple[float, int, int, int]]


@dataclass
class System:
    name: str
    base_url: str
    recorder: Recorder = field(default_factory=Recorder)
    sequential: list[tuple[float, int, int, int]] = field(default_factory=list)  # seconds, statements, requests, SQL
    concurrent_seconds: float = 0.0
    concurrent_members: int = 0


def faultline_env(scratch: Path, redis: RedisServer, port: int) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTEST", "DJANGO_"))}
    return env | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RESPONDENT_KEY_SECRET": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{scratch / 'faultline.sqlite3'}",
        "REDIS_URL": redis.url,
        "VAR_DIR": str(scratch / "var"),
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(scratch / "wsgi"),
        "BENCH_WSGI_MODULE": "config.wsgi",
    }


def faultline_seed(members: int) -> list[str]:
    """One survey of bank version 2, personal links spread over its three roles."""
    from surveys.models import Organization
    from surveys.services.invitations import MAX_LINKS_AT_ONCE, invitations_create_personal
    from surveys.services.surveys import survey_create

    survey = survey_create(organization=Organization.objects.create(name="Bench"), created_by=None, title="Bench")
    tokens = []
    for index, role in enumerate(survey.roles):
        wanted = len(range(index, members, len(survey.roles)))
        # The service makes at most MAX_LINKS_AT_ONCE links a call, as the lead's form does.
        for start in range(0, wanted, MAX_LINKS_AT_ONCE):
            count = min(MAX_LINKS_AT_ONCE, wanted - start)
            created = invitations_create_personal(survey=survey, role=role, count=count)
            tokens += [token for _invitation, token in created]
    random.shuffle(tokens)
    return tokens


def faultline_stored() -> tuple[int, int, int]:
    from surveys.models import Response

    rows = list(Response.objects.values_list("status", "likert"))
    complete = sum(1 for status, likert in rows if status == Response.Status.SUBMITTED and len(likert) == QUESTIONS)
    return len(rows), sum(1 for status, _likert in rows if status == Response.Status.SUBMITTED), complete


def address(index: int) -> str:
    return f"127.{1 + index // 62500}.{index // 250 % 250}.{1 + index % 250}"


def run_sequential(
    systems: tuple[System, System], count: int, tokens: list[str], peer_survey: int, walk: FaultlineWalk
) -> None:
    faultline, peer = systems
    for number in range(count):
        # A then B: each pair meets the machine in the same state.
        for system in (faultline, peer):
            member = Member(system.base_url, address(2 * number + (system is peer)), system.recorder)
            outcome = walk(member, tokens[number]) if system is faultline else peer_member(member, peer_survey)
            system.sequential.append(outcome)


def run_concurrent(
    systems: tuple[System, System],
    count: int,
    tokens: list[str],
    peer_survey: int,
    first_address: int,
    walk: FaultlineWalk,
) -> None:
    faultline, peer = systems
    done = 0
    while done < count:
        block = min(BLOCK, count - done)
        for system in (faultline, peer):
            offset = first_address + (system is peer) * count + done
            members = [Member(system.base_url, address(offset + i), system.recorder) for i in range(block)]
            if system is faultline:
                work = [lambda m=m, t=tokens[done + i]: walk(m, t) for i, m in enumerate(members)]
            else:
                work = [lambda m=m: peer_member(m, peer_survey) for m in members]
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
                list(pool.map(lambda job: job(), work))
            system.concurrent_seconds += time.monotonic() - started
            system.concurrent_members += block
        done += block


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sequential", type=int, default=480, help="members a system, one at a time (480)")
    parser.add_argument("--concurrent", type=int, default=2000, help="members a system, 10 at once (2,000)")
    parser.add_argument(
        "--no-javascript", action="store_true", help="Faultline's members without JavaScript: the server-rendered pages"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, databases)")
    args = parser.parse_args()
    random.seed(14)
    scratch = Path(tempfile.mkdtemp(prefix="faultline-member-path-"))
    redis, processes = RedisServer(), []
    try:
        return run(args, scratch, redis, processes)
    finally:
        for process in processes:
            process.stop()
        redis.stop()
        if args.keep:
            print(f"scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def run(args: argparse.Namespace, scratch: Path, redis: RedisServer, processes: list[Process]) -> int:
    step("installing django-survey-and-report 1.5.0 into a virtualenv under the scratch folder")
    venv = peer_install(scratch)
    members = args.sequential + args.concurrent
    faultline_port, peer_port = free_port(), free_port()
    redis.start()
    env = faultline_env(scratch, redis, faultline_port)
    (scratch / "wsgi").mkdir()
    (scratch / "wsgi" / "bench_wsgi.py").write_text(QUERY_COUNT_WSGI)
    step(f"Faultline: migrate, collectstatic, {members} personal links")
    django_release(env)
    tokens = faultline_seed(members)
    step("the peer: migrate, a survey of 39 five-point questions on one page")
    project, peer_env = peer_project(
        scratch, sqlite_options=faultline_sqlite_options(), secret=secrets.token_urlsafe(50)
    )
    peer_survey = peer_seed(venv, project, peer_env)
    faultline_web = Process(
        "Faultline's gunicorn",
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "bench_wsgi:application"],
        env=env,
        log_path=scratch / "faultline-gunicorn.log",
    )
    peer_web = Process(
        "the peer's gunicorn",
        peer_gunicorn_command(venv, f"127.0.0.1:{peer_port}"),
        env=peer_env,
        log_path=scratch / "peer-gunicorn.log",
    )
    for process in (faultline_web, peer_web):
        processes.append(process)
        process.start(ready_text="Booting worker")
    systems = (
        System("Faultline", f"http://127.0.0.1:{faultline_port}"),
        System("peer", f"http://127.0.0.1:{peer_port}"),
    )
    for system in systems:
        wait_until(lambda s=system: warm(s), timeout=60, message=f"{system.name} answering")
    step(f"{args.sequential} members a system, one at a time, A B A B")
    walk = faultline_member if args.no_javascript else faultline_member_with_javascript
    print(f"Faultline's members: {'without JavaScript' if args.no_javascript else 'with JavaScript'}", flush=True)
    run_sequential(systems, args.sequential, tokens, peer_survey, walk)
    for system in systems:
        system.recorder.phase = "concurrent"
    step(f"{args.concurrent} members a system, {AT_ONCE} at once, in alternating blocks of {BLOCK}")
    run_concurrent(systems, args.concurrent, tokens[args.sequential :], peer_survey, 4 * args.sequential, walk)
    stored = faultline_stored()
    peer_stored = peer_counts(venv, project, peer_env)
    return 0 if report(systems, members, stored, peer_stored) else 1


def warm(system: System) -> bool:
    """The first request of each worker imports what it imports; the members' figures leave it out."""
    for _ in range(4):
        Member(system.base_url, "127.0.0.1", Recorder()).request("GET", "/nowhere/")
    return True


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def report(systems: tuple[System, System], members: int, stored: tuple[int, int, int], peer: tuple[int, int]) -> bool:
    print()
    for system in systems:
        print_system(system)
    rows, submitted, complete = stored
    peer_responses, peer_answers = peer
    print(
        f"\nFaultline stored {rows} responses, {submitted} submitted, {complete} with all {QUESTIONS} statements;"
        f" the peer stored {peer_responses} responses and {peer_answers} answers ({members} members each)"
    )
    stored_once = rows == submitted == complete == peer_responses == members and peer_answers == QUESTIONS * members
    checks = targets(systems) | {
        "every member stored exactly once in both, no error": stored_once
        and not any(system.recorder.errors for system in systems)
    }
    for name, passed in checks.items():
        print(f"{'MET' if passed else 'NOT MET'}: {name}")
    return all(checks.values())


def print_system(system: System) -> None:
    seconds = [entry[0] for entry in system.sequential]
    statements = statistics.median(entry[1] for entry in system.sequential)
    requests = statistics.mean(entry[2] for entry in system.sequential)
    queries = statistics.mean(entry[3] for entry in system.sequential)
    member = statistics.median(seconds) * 1000
    statement = statistics.median(entry[0] / entry[1] for entry in system.sequential) * 1000
    print(f"{system.name}:")
    print(f"  one at a time: {member:.1f} ms a member, {statement:.2f} ms an answered statement (medians)")
    print(f"  {statements:.0f} statements, {requests:.1f} requests and {queries:.1f} SQL statements a member")
    throughput = system.concurrent_members / system.concurrent_seconds
    print(f"  {AT_ONCE} at once: {throughput:.2f} members/s ({system.concurrent_members} members)")
    for kind, values in system.recorder.by_kind("concurrent").items():
        one = system.recorder.by_kind("sequential").get(kind, [0.0])
        print(
            f"    {kind:8} p95 {percentile(values, 0.95) * 1000:7.1f} ms at {AT_ONCE} at once,"
            f" {percentile(one, 0.95) * 1000:6.1f} ms one at a time ({len(values)} requests at once)"
        )
    worst, kind = system.recorder.worst("concurrent")
    print(f"  worst request at {AT_ONCE} at once: {worst * 1000:.0f} ms ({kind})")
    print(f"  errors: {len(system.recorder.errors)}", *system.recorder.errors[:5], sep="\n    ")


def targets(systems: tuple[System, System]) -> dict[str, bool]:
    faultline, peer = systems
    pairs = zip(faultline.sequential, peer.sequential, strict=True)
    # Each pair's ratio of time per answered statement; the median of those.
    statement = statistics.median((a[0] / a[1]) / (b[0] / b[1]) for a, b in pairs)
    throughput = (faultline.concurrent_members / faultline.concurrent_seconds) / (
        peer.concurrent_members / peer.concurrent_seconds
    )
    worst = max(faultline.recorder.worst(phase)[0] for phase in ("sequential", "concurrent"))
    return {
        f"time per answered statement {statement:.2f}x the peer's (pairs' median, at most {TARGET_STATEMENT_RATIO})": (
            statement <= TARGET_STATEMENT_RATIO
        ),
        f"members per second at {AT_ONCE} at once {throughput:.2f}x the peer's (at least {TARGET_THROUGHPUT_RATIO})": (
            throughput >= TARGET_THROUGHPUT_RATIO
        ),
        f"Faultline's worst request {worst * 1000:.0f} ms (at most {TARGET_WORST_SECONDS * 1000:.0f})": (
            worst <= TARGET_WORST_SECONDS
        ),
    }


if __name__ == "__main__":
    sys.exit(main())
