from typing import Any

from surveys.models import BankMode, BankQuestion, Survey


def survey_questionnaire_document(*, survey: Survey) -> dict[str, Any]:
    """commands.md, `export_questionnaire`: everything in the order of the survey's bank version."""
    modes = BankMode.objects.filter(bank_id=survey.bank_id).order_by("position")
    questions = BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=survey.roles).order_by("position")
    return {
        "survey": survey.pk,
        "roles": list(survey.roles),
        "failure_modes": list(modes.values("key", "title", "category")),
        "questions": list(questions.values("key", "role", "mode", "kind", "polarity", "text")),
    }


def survey_import_template_csv(*, survey: Survey) -> str:
    """The header row `import_responses` reads (commands.md): `role`, then every question key."""
    keys = BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=survey.roles).order_by("position")
    return ",".join(["role", *keys.values_list("key", flat=True)]) + "\r\n"
