from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """The API platform: clients and their keys, authentication, roles, throttles, errors,
    pagination and the schema's security scheme."""

    name = "workbench.platform"
    label = "platform"
    verbose_name = "API clients"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the Api-Key security scheme with drf-spectacular.
        from workbench.platform import schema  # noqa: F401
