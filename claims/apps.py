from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and checks"

    def ready(self) -> None:
        from claims import receivers

        receivers.connect()
