"""`manage.py score_quantities`: score the quantity parser on the Recognizers-Text specs."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from bench import quantities as benchmark


class Command(BaseCommand):
    help = "Score find_quantities on the Recognizers-Text English specs (see claims/nlp/benchmark.py for the rules)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(benchmark.DEFAULT_DIR), help="directory holding the spec JSON files")
        parser.add_argument("--file", action="append", choices=benchmark.FILES, help="score only this file (repeatable)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--failures", action="store_true", help="with --json: include the failed cases")

    def handle(self, *args, **options):
        names = options["file"] or benchmark.FILES
        try:
            results = benchmark.score_all(options["dir"], names=names, keep_failures=options["failures"])
        except FileNotFoundError as exc:
            raise CommandError(f"benchmark file missing: {exc.filename}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(results, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{'file':<24}{'total':>6}{'skipped':>9}{'supported':>11}{'right':>7}{'percent':>9}")
        for r in results:
            pct = "-" if r["percent"] is None else f"{r['percent']:.1f}%"
            self.stdout.write(f"{r['file']:<24}{r['total']:>6}{r['skipped']:>9}{r['supported']:>11}{r['right']:>7}{pct:>9}")
        for r in results:
            if r["skipped_reasons"]:
                reasons = "; ".join(f"{k}: {v}" for k, v in sorted(r["skipped_reasons"].items()))
                self.stdout.write(f"  {r['file']} skipped - {reasons}")
