"""`manage.py quantities`: JSON lines in, one line of quantities out per input line (DESIGN.md)."""
from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from claims.nlp.quantities import contract_for_line


class Command(BaseCommand):
    help = 'Read JSON lines {"text": ..., "reference_date": "YYYY-MM-DD"} on stdin; write {"quantities": [...]} per line.'
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        stdin = options.get("stdin") or sys.stdin
        for line in stdin:
            # A bad or blank line gets an {"error": ...} line so outputs stay aligned with inputs.
            self.stdout.write(json.dumps(contract_for_line(line), ensure_ascii=False))
            self.stdout.flush()
