"""The peer of bench/member_path.py: django-survey-and-report 1.5.0 in a throwaway virtualenv.

It is installed from PyPI into the bench's scratch folder (with the Django and gunicorn
versions Faultline runs, so that only the applications differ), given Faultline's own
SQLite options, and a survey of 39 five-point questions on one page.
"""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER_REQUIREMENT = "django-survey-and-report==1.5.0"
QUESTIONS = 39
CHOICES = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")

# Counts the SQL statements of each request into a response header, for Faultline and the
# peer alike: the same few microseconds per statement on both sides.
QUERY_COUNT_WSGI = """
import importlib
import os

from django.db import connections

_target = importlib.import_module(os.environ["BENCH_WSGI_MODULE"]).application


def application(environ, start_response):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Bench-Queries", str(count[0]))], exc_info)

    with connections["default"].execute_wrapper(counter):
        return _target(environ, start)
"""

PEER_SETTINGS = """
import json, os
BASE = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = os.environ["PEER_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
# Behind the same pretend TLS proxy as Faultline.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles", "survey",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE, "peer.sqlite3"),
    # Faultline's own SQLite options, read from its settings by the bench.
    "OPTIONS": json.loads(os.environ["PEER_SQLITE_OPTIONS"]),
}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
STATIC_URL = "/static/"
USE_TZ = True
LOGIN_URL = "/admin/login/"
"""

PEER_URLS = """
from django.urls import include, path
urlpatterns = [path("survey/", include("survey.urls"))]
"""

PEER_SEED = f"""
import django
django.setup()
from django.core.management import call_command
from survey.models import Question, Survey
call_command("migrate", "--no-input", verbosity=0)
survey = Survey.objects.create(
    name="Bench", description="Bench", need_logged_user=False, display_method=Survey.ALL_IN_ONE_PAGE
)
for number in range({QUESTIONS}):
    Question.objects.create(
        survey=survey, text=f"Statement {{number + 1}}", order=number, required=True,
        type=Question.RADIO, choices={",".join(CHOICES)!r},
    )
print(survey.pk)
"""

PEER_COUNT = """
import django
django.setup()
from survey.models import Answer, Response
print(Response.objects.count(), Answer.objects.count())
"""


def faultline_sqlite_options() -> dict[str, object]:
    """Faultline's SQLite OPTIONS exactly as its settings build them."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": "sqlite:////tmp/unused.sqlite3"}
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=_base_env() | env, check=True, capture_output=True, text=True
    )
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def peer_install(scratch: Path) -> Path:
    """A virtualenv under the scratch folder with the peer, and Faultline's Django and gunicorn versions."""
    import django
    import gunicorn

    venv = scratch / "peer-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pins = [PEER_REQUIREMENT, f"Django=={django.__version__}", f"gunicorn=={gunicorn.__version__}"]
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", *pins],
        check=True,
        env=_base_env(),
    )
    return venv


def peer_project(scratch: Path, *, sqlite_options: dict[str, object], secret: str) -> tuple[Path, dict[str, str]]:
    project = scratch / "peer"
    project.mkdir()
    (project / "peer_settings.py").write_text(PEER_SETTINGS)
    (project / "peer_urls.py").write_text(PEER_URLS)
    (project / "peer_wsgi.py").write_text(
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    )
    (project / "bench_wsgi.py").write_text(textwrap.dedent(QUERY_COUNT_WSGI))
    env = _base_env() | {
        "DJANGO_SETTINGS_MODULE": "peer_settings",
        "PEER_SECRET_KEY": secret,
        "PEER_SQLITE_OPTIONS": json.dumps(sqlite_options),
        "PYTHONPATH": str(project),
        "BENCH_WSGI_MODULE": "peer_wsgi",
    }
    return project, env


def peer_seed(venv: Path, project: Path, env: dict[str, str]) -> int:
    output = subprocess.run(
        [str(venv / "bin" / "python"), "-c", PEER_SEED],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(output.stdout.split()[-1])


def peer_counts(venv: Path, project: Path, env: dict[str, str]) -> tuple[int, int]:
    output = subprocess.run(
        [str(venv / "bin" / "python"), "-c", PEER_COUNT],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    responses, answers = output.stdout.split()[-2:]
    return int(responses), int(answers)


def peer_gunicorn_command(venv: Path, bind: str) -> list[str]:
    return [str(venv / "bin" / "gunicorn"), "-w", "2", "-k", "sync", "-b", bind, "bench_wsgi:application"]


def _base_env() -> dict[str, str]:
    import os

    return {name: value for name, value in os.environ.items() if not name.startswith(("PYTEST", "DJANGO_"))}
