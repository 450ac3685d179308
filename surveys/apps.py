from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from surveys.signals import load_question_bank_after_migrate

        post_migrate.connect(load_question_bank_after_migrate, sender=self)
