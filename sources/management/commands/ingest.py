from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.loading import (
    FileMeta,
    ingest_file,
    parse_date,
    read_manifest,
    wait_until_done,
)
from sources.services import IngestError


class Command(BaseCommand):
    help = "Ingest .txt or .html articles and wait until they are processed."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--manifest", type=Path, help="JSON shaped like seeds/manifest.json")
        parser.add_argument("--outlet", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--published", default="", help="YYYY-MM-DD")
        parser.add_argument("--headline", default="")
        parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for workers")

    def handle(self, *args, **options):
        try:
            manifest = read_manifest(options["manifest"]) if options["manifest"] else {}
            default = FileMeta(
                outlet=options["outlet"],
                url=options["url"],
                headline=options["headline"],
                published=parse_date(options["published"], what="--published"),
            )
        except IngestError as error:
            raise CommandError(str(error)) from None
        report_ingest(self, options["paths"], manifest, default, timeout=options["timeout"])


def report_ingest(command: BaseCommand, paths, manifest, default: FileMeta, *, timeout: float) -> list:
    """Ingest each file (a bad one is reported and skipped, the others go on), wait, report."""
    ids, failures = [], 0
    for path in paths:
        meta = manifest.get(path.name, default)
        try:
            result = ingest_file(path, meta)
        except (IngestError, OSError) as error:
            failures += 1
            command.stderr.write(f"{path}: {error}")
            continue
        ids.append(result.article.id)
        if not result.created:
            command.stdout.write(f"{path}: already stored as article {result.article.id}")
    articles = wait_until_done(ids, timeout=timeout)
    for article in articles:
        note = f" ({article.error})" if article.error else ""
        command.stdout.write(
            f"article {article.id} [{article.status}] {article.outlet.name}: "
            f"{article.claims.count()} claims{note}"
        )
    if failures:
        raise CommandError(f"{failures} of {len(paths)} files could not be ingested")
    return articles
