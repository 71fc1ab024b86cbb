"""`manage.py score_quantities`: score the quantity parser on the Recognizers-Text specs."""
from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import facts_devset, quantity_devset
from bench import quantities as benchmark


class Command(BaseCommand):
    help = "Score find_quantities on the Recognizers-Text English specs (see claims/nlp/benchmark.py for the rules)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(benchmark.DEFAULT_DIR), help="directory holding the spec JSON files")
        parser.add_argument("--file", action="append",
                            help=f"score only this yardstick file (repeatable: {', '.join(benchmark.FILES)}), or a "
                                 "file of hand annotations of real news (tests/data/quantities_devset.jsonl) with --texts")
        parser.add_argument("--texts", default=os.environ.get("CROSSCHECK_DEVSET_TEXTS", ""),
                            help="with an annotation file: the folder of <id>.txt article texts")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--failures", action="store_true",
                            help="include the failed cases (with --json in the JSON; otherwise, for an annotation "
                                 "file, one line each after the figures: missed, spurious, or wrong attributes)")

    def handle(self, *args, **options):
        annotations = [f for f in options["file"] or [] if f not in benchmark.FILES]
        if annotations:
            return self._devset(annotations, options)
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

    def _devset(self, files: list[str], options) -> None:
        """Value F1 and date accuracy on hand annotations of real news (the development set)."""
        if not options["texts"]:
            raise CommandError("an annotation file needs the texts' folder: --texts DIR (or CROSSCHECK_DEVSET_TEXTS)")
        dates = quantity_devset.load_reference_dates(facts_devset.SHARED_GOLD)
        for name in files:
            if not Path(name).exists():
                raise CommandError(f"no such file: {name} (a yardstick file is one of {', '.join(benchmark.FILES)})")
            result = quantity_devset.score_devset(name, options["texts"], dates)
            if not options["failures"]:
                result["failures"] = []
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(quantity_devset.format_report(result))
                for failure in result["failures"]:
                    self.stdout.write(quantity_devset.format_failure(failure))
