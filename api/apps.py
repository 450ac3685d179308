from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from api.webhooks.events import connect_event_receivers

        # The events are heard where they happen (surveys' and reports' signals), so that
        # neither app imports this one.
        connect_event_receivers()
