from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Webhook subscriptions of API clients and their deliveries."""

    name = "webhooks"
    # The database's name of this app since it was `hooks/`: its tables and migration history
    # keep it, so renaming the package moved no data.
    label = "hooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from webhooks import events

        events.connect()
