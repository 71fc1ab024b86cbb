from django.conf import settings
from django.core.management.base import BaseCommand

from sources.loading import read_manifest
from sources.management.commands.ingest import report_ingest


class Command(BaseCommand):
    help = "Load the five seed articles from seeds/ (with seeds/manifest.json) and process them."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=600)

    def handle(self, *args, **options):
        entries = sorted(read_manifest(settings.BASE_DIR / "seeds" / "manifest.json"), key=lambda e: e.path.name)
        report_ingest(self, entries, timeout=options["timeout"])
