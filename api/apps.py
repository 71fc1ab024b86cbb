from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API for newsroom tools, and the export command that prints the same shapes."""

    name = "api"
    verbose_name = "API"
