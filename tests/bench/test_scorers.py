"""The scoring commands find their data and score what they are given."""
from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command


def test_score_quantities_reads_the_shared_yardstick():
    out = StringIO()
    call_command("score_quantities", "--json", "--file", "NumberRangeModel", stdout=out)
    [result] = json.loads(out.getvalue())
    assert result["total"] > 0 and result["right"] <= result["supported"]


def test_score_quantities_scores_an_annotation_file_against_its_texts(tmp_path):
    text = "Some 40 homes burned on Tuesday and 3 people were hurt."
    (tmp_path / "D01.txt").write_text(text, encoding="utf-8")
    gold = [
        {"doc": "D01", "start": 0, "end": 7, "quote": "Some 40", "kind": "count", "value": 40, "low": 36, "high": 44,
         "qualifier": "approximate", "unit": None, "direction": None},
        {"doc": "D01", "start": 36, "end": 37, "quote": "3", "kind": "count", "value": 3, "low": 3, "high": 3,
         "qualifier": "exact", "unit": None, "direction": None},
        # A figure the scanner is not expected to invent: recall must show it missed.
        {"doc": "D01", "start": 27, "end": 34, "quote": "Tuesday", "kind": "count", "value": 99, "low": 99, "high": 99,
         "qualifier": "exact", "unit": None, "direction": None},
    ]
    annotations = tmp_path / "gold.jsonl"
    annotations.write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
    out = StringIO()
    call_command("score_quantities", "--json", "--file", str(annotations), "--texts", str(tmp_path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["documents"] == 1
    overall = result["value"]
    assert overall["gold"] == 3 and 0 < overall["recall"] < 100


def test_score_quantities_lists_the_failures_one_a_line_without_json(tmp_path):
    (tmp_path / "D01.txt").write_text("About 12 boats sank and 5 crew swam ashore.", encoding="utf-8")
    gold = [{"doc": "D01", "start": 24, "end": 25, "quote": "5", "kind": "count", "value": 6, "low": 6, "high": 6,
             "qualifier": "exact", "unit": None, "direction": None}]
    annotations = tmp_path / "gold.jsonl"
    annotations.write_text(json.dumps(gold[0]), encoding="utf-8")
    out = StringIO()
    call_command("score_quantities", "--failures", "--file", str(annotations), "--texts", str(tmp_path), stdout=out)
    lines = out.getvalue().splitlines()
    missed = [line for line in lines if line.startswith("missed")]
    spurious = [line for line in lines if line.startswith("spurious")]
    assert len(missed) == 1 and "gold '5' count 6" in missed[0] and "found '5' count 5.0" in missed[0]
    assert len(spurious) == 2 and any("'About 12'" in line for line in spurious)
