from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from reports.panels import survey_reports_panel
        from reports.publishing import results_publish_on_close
        from surveys.panels import survey_panel_register
        from surveys.signals import survey_closed

        # The survey's page shows the scores and the report jobs without surveys importing reports.
        survey_panel_register(survey_reports_panel)
        # Closing a survey publishes its results (privacy.md), without surveys importing reports.
        survey_closed.connect(results_publish_on_close, dispatch_uid="reports.publish_on_close")
