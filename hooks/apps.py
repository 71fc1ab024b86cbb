from django.apps import AppConfig


class HooksConfig(AppConfig):
    """API clients (keys), webhook subscriptions and their deliveries."""

    name = "hooks"
    verbose_name = "API clients and webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the Api-Key security scheme with drf-spectacular.
        from hooks import schema  # noqa: F401
