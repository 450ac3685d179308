import logging
import time
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger(__name__)


class HangingEmailBackend(BaseEmailBackend):
    """An SMTP server that never answers: the worker hangs until it is killed."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        logger.warning("HangingEmailBackend: sending")
        time.sleep(3600)
        return 0


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionError("The SMTP server refused the connection.")
