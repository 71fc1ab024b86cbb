from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from tqdm import tqdm

from sources.loading import (
    DONE,
    Entry,
    FileMeta,
    ingest_file,
    meta_check,
    parse_date,
    read_manifest,
    wait_until_done,
)
from sources.models import Article
from sources.services import IngestError


class Command(BaseCommand):
    help = ("Ingest .txt or .html articles and wait until they are processed: one line per file, in "
            "order. With --manifest alone, the files it lists (relative to it).")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--manifest", type=Path, help="JSON shaped like seeds/manifest.json")
        parser.add_argument("--outlet", default="")
        parser.add_argument("--url", default="", help="the article's address: for one file only")
        parser.add_argument("--published", default="", help="YYYY-MM-DD")
        parser.add_argument("--headline", default="")
        parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for workers")

    def handle(self, *args, **options):
        paths = options["paths"]
        if not paths and not options["manifest"]:
            raise CommandError("give the files to ingest, or --manifest FILE alone for the files it lists")
        if options["url"] and len(paths) != 1:
            raise CommandError(
                f"--url is one article's address, but {len(paths) or 'no'} files were given: ingest one "
                "file with --url, or give each file its url in a --manifest"
            )
        try:
            manifest = read_manifest(options["manifest"]) if options["manifest"] else []
            default = meta_check(FileMeta(
                outlet=options["outlet"],
                url=options["url"],
                headline=options["headline"],
                published=parse_date(options["published"], what="--published"),
            ), what="--")
        except IngestError as error:
            raise CommandError(str(error)) from None
        if paths:
            listed = {entry.path.name: entry for entry in manifest}
            entries = [Entry(p, listed[p.name].meta, listed[p.name].error) if p.name in listed else Entry(p, default)
                       for p in paths]
        else:
            entries = manifest
        report_ingest(self, entries, timeout=options["timeout"])


def report_ingest(command: BaseCommand, entries: list[Entry], *, timeout: float) -> list[Article]:
    """Ingest each file with a progress bar naming it (a bad one is that file's error, the others go
    on), wait for the workers, then print one line per file in the order given."""
    outcomes = []  # (entry, error, result)
    bar_file = getattr(command.stderr, "_out", command.stderr)  # tqdm writes \r itself
    with tqdm(entries, desc="reading", unit="file", file=bar_file, dynamic_ncols=True) as bar:
        for entry in bar:
            bar.set_postfix_str(entry.path.name[-60:], refresh=True)
            try:
                if entry.error:
                    raise IngestError(entry.error)
                outcomes.append((entry, "", ingest_file(entry.path, entry.meta)))
            except (IngestError, OSError) as error:
                outcomes.append((entry, str(error), None))
    ids = [result.article.id for _, error, result in outcomes if not error]
    with tqdm(total=len(set(ids)), desc="processing", unit="article", file=bar_file, dynamic_ncols=True) as bar:
        articles = wait_until_done(ids, timeout=timeout, progress=lambda done: bar.update(done - bar.n))
        bar.update(sum(a.status in DONE for a in articles.values()) - bar.n)
    claims = dict(Article.objects.filter(id__in=ids).annotate(n=Count("claims")).values_list("id", "n"))
    failures = 0
    for entry, error, result in outcomes:
        if error:
            failures += 1
            command.stdout.write(f"{entry.path}: not ingested: {error}")
            continue
        article = articles[result.article.id]
        again = "" if result.created else ", already stored"
        note = f" ({article.error})" if article.error else ""
        command.stdout.write(
            f"{entry.path}: article {article.id} [{article.status}{again}] {article.outlet.name}: "
            f"{claims.get(article.id, 0)} claims{note}"
        )
    if failures:
        raise CommandError(f"{failures} of {len(entries)} files could not be ingested")
    return [articles[result.article.id] for _, error, result in outcomes if not error]
