from typing import Any

from django.dispatch import Signal

from surveys.services.question_banks import question_bank_load_current


def load_question_bank_after_migrate(**kwargs: Any) -> None:
    # `migrate` (and the test database's flushes) leave the current bank loaded.
    question_bank_load_current()


# Sent (with `survey`) in the transaction that closes a survey, by hand or at its closing
# date. The reports app publishes the results then (privacy.md); a receiver may return one
# sentence for the lead, and surveys need not know what reports do with a closing.
survey_closed = Signal()
