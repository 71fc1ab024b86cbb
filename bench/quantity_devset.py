"""Score `find_quantities` on a hand-annotated development set of real news texts.

The annotations are JSON lines, one quantity each:
`{"doc", "start", "end", "quote", "kind", "value", "low", "high", "qualifier", "unit", "direction"}`
with offsets into `<texts_dir>/<doc>.txt`; relative dates resolve against the document's
publication date (`reference_dates[doc]`, a `date` or an ISO string).

Only documents that have at least one annotation are scored: the file is written a document at a
time, and a document with no line yet would count every prediction in it as spurious.

A prediction matches a gold item when their spans overlap, their kinds are equal and their values
agree (numbers within 0.5% relative, dates as equal ISO strings). Each gold item and each
prediction is matched at most once; among several candidates the one with the larger overlap wins.

The figures:
- value precision / recall / F1 over all items and per kind (a prediction counts under its own
  kind, a gold item under its own);
- date accuracy: the share of gold dates that some overlapping prediction resolves to the same
  ISO value (whatever span it takes);
- among matched items, the share that also agree on bounds (low and high), qualifier, unit and
  direction;
- `failures`: gold items missed, predictions not in the gold, and matched items that disagree on
  an attribute, each with the document and the text around it.

`score_devset` is a pure function of its inputs (it reads the files and runs the scanner); the
command line prints the figures, or JSON with `--json`:

    python -m bench.quantity_devset --annotations /work/annot/quantities_devset.jsonl \
        --texts /work/devtexts --gold /work/shared/devsets/facts/gold.json
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

VALUE_TOLERANCE = 0.005  # numbers agree within 0.5% of the gold value
ATTRIBUTES = ("bounds", "qualifier", "unit", "direction")


def load_annotations(path) -> list[dict]:
    """The gold items of a JSON-lines file; blank lines and lines that are not objects are skipped
    (the file may be mid-write)."""
    items = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                item = json.loads(line)
            except ValueError:
                continue  # a line still being written
            if isinstance(item, dict) and {"doc", "start", "end", "kind"} <= item.keys():
                item.setdefault("line", number)
                items.append(item)
    return items


def load_reference_dates(gold_path) -> dict[str, date]:
    """Publication dates by document id from the facts dev set's gold.json (`docs[id].published`)."""
    with open(gold_path, encoding="utf-8") as handle:
        docs = json.load(handle)["docs"]
    out = {}
    for doc, meta in docs.items():
        try:
            out[doc] = date.fromisoformat(str(meta.get("published", ""))[:10])
        except ValueError:
            continue
    return out


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def values_agree(gold, predicted) -> bool:
    """Numbers within 0.5% relative (exact for zero); anything else (ISO dates) by equality."""
    if _is_number(gold) and _is_number(predicted):
        if gold == 0:
            return abs(predicted) < 1e-9
        return math.isclose(float(predicted), float(gold), rel_tol=VALUE_TOLERANCE)
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return str(gold) == str(predicted)


def _overlap(a_start, a_end, b_start, b_end) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def _attributes(gold: dict, pred: dict) -> dict[str, bool]:
    return {
        "bounds": values_agree(gold.get("low"), pred.get("low")) and values_agree(gold.get("high"), pred.get("high")),
        "qualifier": (gold.get("qualifier") or "exact") == (pred.get("qualifier") or "exact"),
        "unit": (gold.get("unit") or None) == (pred.get("unit") or None),
        "direction": (gold.get("direction") or None) == (pred.get("direction") or None),
    }


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    precision = tp_pred / n_pred if n_pred else None
    recall = tp_gold / n_gold if n_gold else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pct = lambda x: None if x is None else round(100 * x, 1)  # noqa: E731
    return {"precision": pct(precision), "recall": pct(recall), "f1": pct(f1), "gold": n_gold, "predicted": n_pred, "matched": tp_gold}


def _context(text: str, start: int, end: int, margin: int = 40) -> str:
    return " ".join(text[max(0, start - margin):min(len(text), end + margin)].split())


def _match(gold: list[dict], preds: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index): largest overlaps first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            ov = _overlap(g["start"], g["end"], p["start"], p["end"])
            if ov > 0 and g["kind"] == p["kind"] and values_agree(g.get("value"), p.get("value")):
                candidates.append((-ov, gi, pi))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def score_devset(annotations_path, texts_dir, reference_dates, *, find=None) -> dict:
    """The dev-set figures (see the module docstring). `reference_dates`: doc id -> date or ISO
    string; `find` replaces `find_quantities` (for tests and for comparing two versions)."""
    if find is None:
        from claims.nlp.quantities import find_quantities as find

    gold_all = load_annotations(annotations_path)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for item in gold_all:
        by_doc[str(item["doc"])].append(item)

    n_pred = n_gold = tp = 0
    kind_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # pred, matched pred, gold, matched gold
    attr_agree = {a: 0 for a in ATTRIBUTES}
    dates_gold = dates_right = 0
    failures: list[dict] = []
    missing_docs: list[str] = []

    for doc in sorted(by_doc):
        path = Path(texts_dir) / f"{doc}.txt"
        if not path.exists():
            missing_docs.append(doc)
            continue
        text = path.read_text(encoding="utf-8")
        ref = _as_date(reference_dates.get(doc)) if reference_dates else None
        preds = [q.contract() for q in find(text, ref)]
        gold = sorted(by_doc[doc], key=lambda g: (g["start"], g["end"]))
        pairs = _match(gold, preds)
        matched_g = {gi: pi for gi, pi in pairs}
        matched_p = {pi for _, pi in pairs}

        n_pred += len(preds)
        n_gold += len(gold)
        tp += len(pairs)
        for p in preds:
            kind_counts[p["kind"]][0] += 1
        for pi in matched_p:
            kind_counts[preds[pi]["kind"]][1] += 1
        for gi, g in enumerate(gold):
            kind_counts[g["kind"]][2] += 1
            if gi in matched_g:
                kind_counts[g["kind"]][3] += 1

        for gi, g in enumerate(gold):
            overlapping = [p for p in preds if _overlap(g["start"], g["end"], p["start"], p["end"]) > 0]
            if g["kind"] == "date":
                dates_gold += 1
                if any(p["kind"] == "date" and values_agree(g.get("value"), p.get("value")) for p in overlapping):
                    dates_right += 1
            where = {"doc": doc, "start": g["start"], "end": g["end"], "context": _context(text, g["start"], g["end"])}
            gold_view = {k: g.get(k) for k in ("quote", "kind", "value", "low", "high", "qualifier", "unit", "direction")}
            if gi not in matched_g:
                failures.append({"type": "missed", **where, "gold": gold_view,
                                 "found": [{k: p[k] for k in ("quote", "kind", "value", "low", "high", "qualifier", "unit")} for p in overlapping]})
                continue
            p = preds[matched_g[gi]]
            agree = _attributes(g, p)
            for name, ok in agree.items():
                attr_agree[name] += ok
            wrong = [name for name, ok in agree.items() if not ok]
            if wrong:
                failures.append({"type": "attributes", "wrong": wrong, **where, "gold": gold_view,
                                 "found": {k: p[k] for k in ("quote", "kind", "value", "low", "high", "qualifier", "unit", "direction")}})
        for pi, p in enumerate(preds):
            if pi not in matched_p:
                failures.append({"type": "spurious", "doc": doc, "start": p["start"], "end": p["end"],
                                 "context": _context(text, p["start"], p["end"]),
                                 "found": {k: p[k] for k in ("quote", "kind", "value", "low", "high", "qualifier", "unit", "direction")}})

    per_kind = {kind: _prf(c[1], c[0], c[3], c[2]) for kind, c in sorted(kind_counts.items())}
    return {
        "documents": len(by_doc) - len(missing_docs),
        "missing_documents": missing_docs,
        "value": _prf(tp, n_pred, tp, n_gold),
        "per_kind": per_kind,
        "date_accuracy": {"gold": dates_gold, "right": dates_right,
                          "percent": round(100 * dates_right / dates_gold, 1) if dates_gold else None},
        "agreement": {name: {"agree": attr_agree[name], "of": tp, "percent": round(100 * attr_agree[name] / tp, 1) if tp else None}
                      for name in ATTRIBUTES},
        "failures": failures,
    }


def format_report(result: dict) -> str:
    """The figures as a few readable lines (no failures)."""
    v = result["value"]
    lines = [
        f"documents {result['documents']}" + (f" (texts missing: {', '.join(result['missing_documents'])})" if result["missing_documents"] else ""),
        f"{'kind':<10}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    fmt = lambda x: "-" if x is None else f"{x:.1f}"  # noqa: E731
    for kind, k in list(result["per_kind"].items()) + [("ALL", v)]:
        lines.append(f"{kind:<10}{k['gold']:>6}{k['predicted']:>6}{k['matched']:>7}{fmt(k['precision']):>8}{fmt(k['recall']):>8}{fmt(k['f1']):>8}")
    d = result["date_accuracy"]
    lines.append(f"date accuracy {fmt(d['percent'])}% ({d['right']} of {d['gold']})")
    lines.append("agreement among matched: " + ", ".join(f"{name} {fmt(a['percent'])}%" for name, a in result["agreement"].items()))
    counts = defaultdict(int)
    for f in result["failures"]:
        counts[f["type"]] += 1
    lines.append("failures: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
    return "\n".join(lines)


def _brief(item: dict) -> str:
    bounds = f"{item.get('low')}..{item.get('high')}"
    extra = " ".join(str(item[k]) for k in ("unit", "direction") if item.get(k))
    return f"{item.get('quote')!r} {item.get('kind')} {item.get('value')} [{bounds}] {item.get('qualifier') or 'exact'} {extra}".rstrip()


def format_failure(failure: dict) -> str:
    """One failure as a line: its type, document and context, what the gold says and what was found."""
    head = f"{failure['type']:<10} {failure['doc']} {failure['context']!r}"
    parts = [head]
    if failure.get("gold"):
        parts.append("gold " + _brief(failure["gold"]))
    found = failure.get("found")
    for item in ([found] if isinstance(found, dict) else found or []):
        parts.append("found " + _brief(item))
    if failure.get("wrong"):
        parts.append("wrong: " + ", ".join(failure["wrong"]))
    return " | ".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--annotations", default="/work/annot/quantities_devset.jsonl")
    parser.add_argument("--texts", default="/work/devtexts")
    parser.add_argument("--gold", default="/work/shared/devsets/facts/gold.json", help="gold.json with docs[id].published")
    parser.add_argument("--json", action="store_true", help="print everything, failures included, as JSON")
    parser.add_argument("--failures", action="store_true", help="also list the failures, one per line")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    result = score_devset(args.annotations, args.texts, load_reference_dates(args.gold))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(format_report(result))
    if args.failures:
        for f in result["failures"]:
            print(json.dumps(f, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
