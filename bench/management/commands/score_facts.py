"""`manage.py score_facts`: ingest the development set of real news into a fresh database and
score which figures were found to state the same fact (see bench/facts_devset.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bench import facts_devset

OWN_ANNOTATIONS = Path(settings.BASE_DIR) / "tests" / "data" / "facts"


class Command(BaseCommand):
    help = "Score fact resolution on the development set (a fresh SQLite database, tasks in-process)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="gold files (default: the shared gold and tests/data/facts/*.json)")
        parser.add_argument("--texts", default=os.environ.get("CROSSCHECK_DEVSET_TEXTS", ""),
                            help="folder of <id>.txt article texts (or CROSSCHECK_DEVSET_TEXTS)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--failures", action="store_true", help="list the links missed and traps hit")
        parser.add_argument("--in-place", action="store_true", help="score the database configured (used by the fresh-database run)")

    def handle(self, *args, **options):
        if not options["texts"]:
            raise CommandError("give the folder of article texts with --texts DIR (or CROSSCHECK_DEVSET_TEXTS)")
        files = [Path(f) for f in options["files"]] or [facts_devset.SHARED_GOLD, *sorted(OWN_ANNOTATIONS.glob("*.json"))]
        missing = [str(f) for f in files if not f.exists()]
        if missing:
            raise CommandError(f"gold file not found: {', '.join(missing)}")
        if not options["in_place"]:
            return self._in_fresh_database(options, files)
        call_command("migrate", verbosity=0)
        gold = facts_devset.load_gold(files)
        articles = facts_devset.ingest_devset(gold, Path(options["texts"]))
        result = facts_devset.score(gold, articles)
        if not options["failures"]:
            result.pop("failures")
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for key, value in result.items():
            if key == "failures":
                for kind, lines in value.items():
                    for line in lines:
                        self.stdout.write(f"  {kind}: {line}")
            else:
                self.stdout.write(f"{key:<24}{value}")

    def _in_fresh_database(self, options, files):
        # A child process on a throw-away SQLite file, tasks in-process: the figures never depend
        # on what a development or production database holds.
        with tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/devset.sqlite3", "CELERY_BROKER_URL": ""}
            command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "score_facts", "--in-place",
                       "--texts", options["texts"], *map(str, files)]
            command += ["--json"] if options["json"] else []
            command += ["--failures"] if options["failures"] else []
            done = subprocess.run(command, env=env, capture_output=True, text=True)
        self.stdout.write(done.stdout.rstrip())
        if done.returncode:
            raise CommandError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "scoring failed")
