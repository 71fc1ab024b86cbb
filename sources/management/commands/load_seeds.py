from django.conf import settings
from django.core.management.base import BaseCommand

from sources.loading import FileMeta, read_manifest
from sources.management.commands.ingest import report_ingest


class Command(BaseCommand):
    help = "Load the five seed articles from seeds/ (with seeds/manifest.json) and process them."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=600)

    def handle(self, *args, **options):
        seeds = settings.BASE_DIR / "seeds"
        manifest = read_manifest(seeds / "manifest.json")
        paths = [seeds / name for name in sorted(manifest)]
        report_ingest(self, paths, manifest, FileMeta(), timeout=options["timeout"])
