from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from reports.panels import survey_reports_panel
        from surveys.panels import survey_panel_register

        # The survey's page shows the scores and the report jobs without surveys importing reports.
        survey_panel_register(survey_reports_panel)
