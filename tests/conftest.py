"""Shared fixtures: the named cast, a private Redis for the whole run, real workers."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import get_resolver
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import Browser, Page, sync_playwright

from config.celery import app as celery_app
from surveys.models import Membership, Organization
from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.processes import PROCESS_MARKERS, processes_allowed, processes_refused
from tests.support.services import CeleryWorker, RedisServer, WorkerFactory

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"

# `make check` (HYPOTHESIS_PROFILE=check) tries fewer examples per property for a quick answer;
# `make test` tries them all.
hypothesis_settings.register_profile("check", max_examples=10)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """An unmarked test that starts a process fails (tests/support/processes.py)."""
    if any(item.get_closest_marker(name) for name in PROCESS_MARKERS):
        return (yield)
    with processes_refused(item.nodeid):
        return (yield)


# Tests create hundreds of accounts (the access matrix alone about 240): a hash costs
# microseconds instead of a third of a second. Production keeps Django's default hashers.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(scope="session", autouse=True)
def _delivered_bodies_cleared() -> Iterator[None]:
    """Delivery clears bodies as in production (DEBUG is off in tests); a test may ask otherwise."""
    with override_settings(OUTBOX_KEEP_DELIVERED_BODIES=False):
        yield


@pytest.fixture(scope="session", autouse=True)
def private_redis() -> Iterator[RedisServer]:
    """Every test publishes to its own Redis, never to a service the machine happens to run."""
    server = RedisServer()
    with processes_allowed():
        server.start()
        # Importing WeasyPrint (through the URLconf's views) runs ldconfig once to find its
        # libraries: done here, no test is charged with starting that process.
        get_resolver().url_patterns  # noqa: B018 (the lookup imports every view module)
    celery_app.conf.broker_url = server.url
    # The cache (rate limits) and the pending marks (surveys/pending_marks.py) live in Redis
    # too: the private one, for the whole run.
    caches_setting = override_settings(
        CACHES={"default": settings.CACHES["default"] | {"LOCATION": server.url.removesuffix("/0") + "/1"}},
        REDIS_URL=server.url,
    )
    caches_setting.enable()
    yield server
    caches_setting.disable()
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Let the test database be dropped at the end of a PostgreSQL run.

    A page still polling when its browser test ends leaves a live-server thread holding a
    connection, and PostgreSQL refuses to drop a database that has a session.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    """Files a test stores (report PDFs) go to its own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(private_redis: RedisServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no rate-limit counters, in one window that no minute boundary splits."""
    monkeypatch.setattr("surveys.ratelimit.rate_window", lambda period: 0)
    if private_redis.answers():
        cache.clear()
        private_redis.forget_pending_marks()


class _WorkerFactory:
    def __init__(self, *, redis_url: str, tmp_path: Path) -> None:
        self.redis_url = redis_url
        self.log_path = tmp_path / "worker.log"
        self.outbox = tmp_path / "outbox"
        self.workers: list[CeleryWorker] = []

    def __call__(self, **env: str) -> CeleryWorker:
        extra = {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.outbox),
        }
        worker = CeleryWorker(broker_url=self.redis_url, log_path=self.log_path, extra_env=extra | env)
        worker.start()
        self.workers.append(worker)
        return worker


@pytest.fixture
def worker_factory(private_redis: RedisServer, tmp_path: Path, transactional_db: None) -> Iterator[WorkerFactory]:
    """Start real worker processes: `worker_factory()` gives a started CeleryWorker."""
    factory = _WorkerFactory(redis_url=private_redis.url, tmp_path=tmp_path)
    yield factory
    for worker in factory.workers:
        # Nothing of a finished test's worker is worth a warm shutdown's seconds.
        if worker.process is not None:
            worker.kill()
    private_redis.flush()


def make_user(username: str, *, organization: Organization | None = None, role: str = Membership.Role.OWNER) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password=PASSWORD)
    if organization is not None:
        Membership.objects.create(organization=organization, user=user, role=role)
    return user


@pytest.fixture
def acme(db: None) -> Organization:
    return Organization.objects.create(name="Acme ML")


@pytest.fixture
def globex(db: None) -> Organization:
    return Organization.objects.create(name="Globex")


@pytest.fixture
def alice(acme: Organization) -> User:
    """Alice owns Acme ML."""
    return make_user("alice", organization=acme, role=Membership.Role.OWNER)


@pytest.fixture
def bob(acme: Organization) -> User:
    """Bob is a lead on Alice's team."""
    return make_user("bob", organization=acme, role=Membership.Role.LEAD)


@pytest.fixture
def victor(acme: Organization) -> User:
    """Victor is an executive of Acme ML: a viewer who reads reports and nothing else."""
    return make_user("victor", organization=acme, role=Membership.Role.VIEWER)


@pytest.fixture
def charlie(globex: Organization) -> User:
    """Charlie owns another organization and must see nothing of Alice's."""
    return make_user("charlie", organization=globex, role=Membership.Role.OWNER)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh browser context on the live server; failures are easier to read with a base URL."""
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
