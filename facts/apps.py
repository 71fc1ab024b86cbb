from django.apps import AppConfig


class FactsConfig(AppConfig):
    """Which claims state one fact, their verdicts and consensus, and checks inside an article."""

    name = "facts"
    verbose_name = "Facts and checks"

    def ready(self) -> None:
        from facts import receivers

        receivers.connect()
