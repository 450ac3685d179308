from typing import Any

from surveys.services.question_banks import question_bank_load_current


def load_question_bank_after_migrate(**kwargs: Any) -> None:
    # `migrate` (and the test database's flushes) leave the current bank loaded.
    question_bank_load_current()
