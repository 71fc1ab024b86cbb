from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """The editors' desk: decisions on mismatches, their history, publishing."""

    name = "review"
    verbose_name = "Review desk"

    def ready(self) -> None:
        from review import receivers

        receivers.connect()
