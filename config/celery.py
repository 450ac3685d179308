import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

from config.logging import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("faultline")
# Every Celery setting lives in Django's settings, under the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _log_task_id(task_id: str, **_: object) -> None:
    # A task's log lines carry its id where a request's carry the request id.
    request_id.set(task_id)


@task_postrun.connect
def _clear_task_id(**_: object) -> None:
    request_id.set("-")
