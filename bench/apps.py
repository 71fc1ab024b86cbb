from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Speed and scoring tools (`manage.py benchmark`, `manage.py score_quantities`): not part of
    the product's pipeline, kept apart from it."""

    name = "bench"
    verbose_name = "Benchmarks"
