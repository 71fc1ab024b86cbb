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


def test_score_facts_counts_a_mismatch_inside_one_gold_fact_as_expected_and_across_facts_as_noise(db):
    from bench.facts_devset import score
    from tests.admin import factories
    from tests.api.factories import check

    bodies = {
        "A": "The flood killed 12 people on Monday, and 40 homes were lost.",
        "B": "By Wednesday the flood had killed 15 people.",
        "C": "The flood's toll reached 19 on Friday; 70 homes were lost.",
    }
    articles = {doc: factories.article(body, outlet=f"Outlet {doc}") for doc, body in bodies.items()}
    a = factories.claim(articles["A"], "12", value=12, running_total=True)
    b = factories.claim(articles["B"], "15", value=15, running_total=True)
    c = factories.claim(articles["C"], "19", value=19, running_total=True)
    homes_a = factories.claim(articles["A"], "40", value=40, subject="home", predicate="lose")
    factories.claim(articles["C"], "70", value=70, subject="home", predicate="lose")  # never compared
    check(b, [a], verdict="updated")
    check(c, [a], verdict="updated")  # not a gold link, but the same gold fact: expected
    check(c, [homes_a], verdict="conflict")  # deaths against homes: noise
    gold = {
        "docs": {doc: {"file": f"{doc}.txt"} for doc in bodies},
        "sources": {doc: {"story": "a flood"} for doc in bodies},
        "claims": [
            {"id": "A.dead", "doc": "A", "quote": "killed 12 people", "num": "12", "about": "flood deaths; police"},
            {"id": "B.dead", "doc": "B", "quote": "killed 15 people", "num": "15", "about": "flood deaths"},
            {"id": "C.dead", "doc": "C", "quote": "reached 19", "num": "19", "about": "flood deaths"},
            {"id": "A.homes", "doc": "A", "quote": "40 homes", "num": "40", "about": "homes lost"},
            {"id": "C.homes", "doc": "C", "quote": "70 homes", "num": "70", "about": "homes lost"},
        ],
        "links": [
            {"a": "A.dead", "b": "B.dead", "verdict": "updated"},
            {"a": "B.dead", "b": "C.dead", "verdict": "updated"},
            {"a": "A.homes", "b": "C.homes", "verdict": "updated"},
        ],
        "traps": [{"a": "C.dead", "b": "A.homes", "why": "deaths vs homes"}],
        "syndicated": [],
    }
    result = score(gold, {doc: art.id for doc, art in articles.items()})
    assert result["pairs_found"] == 1 and result["verdicts_right"] == 1  # A~B; B~C and the homes never compared
    assert result["mismatches"] == 3
    assert result["noise"] == 1
    assert result["traps_hit"] == 1


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
