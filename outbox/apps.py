from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """E-mail through a database outbox, and publishing recorded work to Celery.

    Both surveys and reports use it; it imports neither.
    """

    name = "outbox"
    verbose_name = "Outbox"
