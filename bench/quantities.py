"""Score the quantity/date parser against the Recognizers-Text English specs (public yardstick).

Every case is run through `contract_for_line`, the same code path as `manage.py quantities`
(a JSON line with the text and, when the case has one, Context.ReferenceDateTime as the
reference date), and the JSON output is compared with the expected results.

Which cases are scored ("supported") is decided up front from the case itself, never from
our output:
- all files: a case marked NotSupported / NotSupportedByDesign for "dotnet" is skipped (the
  README: skip what the .NET implementation does not support);
- NumberModel: cases whose expected subtype is "power" (scientific notation "1.1^23", "1e10") are
  skipped: exponent notation is not news prose and we do not read it;
- DimensionModel: a case is scored when every expected result has a number and a dimension we
  model (Length, Weight, Area, Volume, Speed); unit mentions without a number ("mcg") and other
  dimensions (Information, Angle, Temperature) are skipped. Cases expecting nothing are scored;
- DateParser / DatePeriodParser: a case is scored when every expected result has a PastResolution
  with real dates (news reads relative dates as the past); cases whose resolution is missing
  (seasons) or the placeholder 0001-01-01 (impossible dates) are skipped, and so are all-numeric
  dates whose day/month order is ambiguous (both fields <= 12, e.g. "3-7-2017"): their reading is
  an outlet convention (we read day first, as the British/European press does), not something the
  text can decide. Cases expecting nothing are scored.
- DatePeriodParser only, three categories whose expected output contradicts the documented news
  conventions of `claims.nlp.quantities` (the README: news reads relative dates as the past):
  * a from-to period whose last part is a whole month or year ("2014-2018", "between May 2015 and
    2018", "from Feb 1st to March 2019"): Recognizers stops before that month/year (endDate
    2018-01-01), while news includes it ("2014-2018" covers 2018); detected from the case: a
    (start,end,duration) Timex ending on the first of a month whose text, after its last range
    connector (to, through, until, till, a dash between digits, "and" after "between") names no
    day. 14 cases;
  * "the past/last/next N decades": Recognizers counts whole calendar decades (1990-2009 from
    2016), news means the rolling years up to publication (1996-11-07..2016-11-07). 3 cases;
  * a bare weekend ("the weekend", "my weekend", "on weekend", "that weekend") resolved to a
    weekend after the reference date: news reads it as the latest weekend (nothing in the text
    says future). 4 cases.

How a scored case is judged (tolerance: numbers equal within 1e-6 relative, 1e-9 absolute):
- NumberModel: the multiset of numbers we report equals the expected one. Our numbers are the
  values of count, money, percent and duration quantities (a range gives both ends); a measure is
  a dimension, not a number, in this model ("180ml" expects nothing).
- NumberRangeModel: every expected interval is matched by one of ours (exact -> [v,v], at_least
  -> [v,), more_than -> (v,), at_most -> (,v], less_than -> (,v), range -> both ends; openness is
  compared for one-sided intervals only), and we report no hedged interval beyond them.
- DimensionModel: the multiset of (value, unit) of our measures equals the expected one (unit names
  mapped to ours; "Ton" accepts ton or tonne).
- DateParser: every expected date is matched by one of our dates overlapping its span with the
  same day (low == high == PastResolution date), and we report no other date.
- DatePeriodParser: every expected period is matched by one of our dates overlapping its span
  with low == startDate and high == endDate or the day before (Recognizers ends calendar periods
  exclusively, explicit end days inclusively); no other date.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from claims.nlp.quantities import contract_for_line

FILES = ("NumberModel", "NumberRangeModel", "DimensionModel", "DateParser", "DatePeriodParser")
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "recognizers-text"

_DIMENSIONS = {"Length", "Weight", "Area", "Volume", "Speed"}
_UNITS = {
    "Kilometer": {"km"}, "Meter": {"m"}, "Centimeter": {"cm"}, "Millimeter": {"mm"}, "Decimeter": {"dm"},
    "Mile": {"mile"}, "Foot": {"foot"}, "Inch": {"inch"}, "Yard": {"yard"}, "Nautical mile": {"nautical mile"},
    "Kilogram": {"kg"}, "Gram": {"g"}, "Milligram": {"mg"}, "Microgram": {"µg"}, "Pound": {"pound"}, "Ounce": {"ounce"},
    "Ton": {"ton", "tonne"}, "Metric ton": {"tonne"}, "Stone": {"stone"},
    "Square kilometer": {"km2"}, "Square meter": {"m2"}, "Hectare": {"hectare"}, "Acre": {"acre"},
    "Square mile": {"square mile"}, "Square foot": {"square foot"},
    "Liter": {"litre"}, "Milliliter": {"ml"}, "Cubic meter": {"m3"}, "Cubic foot": {"cubic foot"}, "Gallon": {"gallon"},
    "Barrel": {"barrel"}, "Cup": {"cup"}, "Tablespoon": {"tablespoon"}, "Teaspoon": {"teaspoon"}, "Kilometer per hour": {"km/h"}, "Mile per hour": {"mph"}, "Meter per second": {"m/s"}, "Knot": {"knot"},
}


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _dotnet_flag(case) -> bool:
    for key in ("NotSupported", "NotSupportedByDesign"):
        if "dotnet" in str(case.get(key, "")).lower():
            return True
    return False


def _ref(case) -> str | None:
    raw = (case.get("Context") or {}).get("ReferenceDateTime")
    return raw[:10] if raw else None


def _run(case) -> list[dict]:
    line = json.dumps({"text": case["Input"], "reference_date": _ref(case)})
    return contract_for_line(line).get("quantities", [])


def _expected_span(result, text):
    start = result.get("Start", 0)
    if "Length" in result:
        end = start + result["Length"]
    elif "End" in result:
        end = result["End"] + 1
    else:
        end = start + len(result.get("Text", ""))
    return start, end


def _overlaps(q, span) -> bool:
    return q["start"] < span[1] and span[0] < q["end"]


_AMBIGUOUS_NUMERIC = None


def _ambiguous_numeric(text: str) -> bool:
    import re

    global _AMBIGUOUS_NUMERIC
    if _AMBIGUOUS_NUMERIC is None:
        _AMBIGUOUS_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,2})[/.\-](\d{1,2})(?:[/.\-,]\d{2,4})?(?![\d/])")
    for m in _AMBIGUOUS_NUMERIC.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= a <= 12 and 1 <= b <= 12 and a != b:
            return True
    return False


# ---------------------------------------------------------------- support rules

def skip_reason(name: str, case: dict) -> str | None:
    """Why a case is not scored (None: scored). Decided from the case alone."""
    if _dotnet_flag(case):
        return "not supported by the .NET reference implementation"
    results = case.get("Results", [])
    if name == "NumberModel":
        if any((r.get("Resolution") or {}).get("subtype") == "power" for r in results):
            return "scientific notation (power subtype)"
    elif name == "DimensionModel":
        for r in results:
            res = r.get("Resolution") or {}
            if res.get("value") in (None, ""):
                return "unit mention without a number"
            if res.get("subtype") not in _DIMENSIONS:
                return f"dimension not modelled ({res.get('subtype')})"
    elif name in ("DateParser", "DatePeriodParser"):
        for r in results:
            past = (r.get("Value") or {}).get("PastResolution") or {}
            if name == "DateParser":
                if not past.get("date"):
                    return "no past resolution"
                if past["date"].startswith("0001-"):
                    return "impossible date (no resolution)"
            else:
                if not past.get("startDate") or not past.get("endDate"):
                    return "no past resolution (season or open period)"
                if past["startDate"].startswith("0001-"):
                    return "impossible date (no resolution)"
            if _ambiguous_numeric(r.get("Text", "")):
                return "ambiguous day/month order in an all-numeric date"
            if name == "DatePeriodParser":
                reason = _period_convention(r, _ref(case))
                if reason:
                    return reason
    return None


_RANGE_TIMEX = re.compile(r"\(\d{4}-\d\d-\d\d,\d{4}-\d\d-01,P\w+\)")
_CONNECTOR = re.compile(r"(?<![\w])(?:to|through|thru|until|till)(?![\w])|(?<=\d)\s*[-\u2013]\s*(?=\d)", re.IGNORECASE)
_BETWEEN_AND = re.compile(r"^between\s.*?\sand\s", re.IGNORECASE)
_DAY_NUMBER = re.compile(r"(?<![\d])(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?(?![\d])|(?<![\w])(?:first|second|third|[a-z]+th)(?![\w])", re.IGNORECASE)
_N_DECADES = re.compile(r"(?<![\w])(?:past|last|next|previous|coming)\s+(?:\w+\s+)?decades(?![\w])", re.IGNORECASE)
_BARE_WEEKEND = re.compile(r"(?:(?:the|my|that|on|at|over)\s+)?weekend", re.IGNORECASE)


def _period_convention(result: dict, ref: str | None) -> str | None:
    """Categories of DatePeriodParser expectations that contradict the news conventions (docstring)."""
    text = result.get("Text", "")
    timex = (result.get("Value") or {}).get("Timex", "")
    past = (result.get("Value") or {}).get("PastResolution") or {}
    if _RANGE_TIMEX.fullmatch(timex):
        parts = _CONNECTOR.split(_BETWEEN_AND.sub("between _ to ", text))  # "and" joins two dates only after "between"
        if len(parts) > 1 and not _DAY_NUMBER.search(parts[-1]):
            return "range ending on a whole month/year read exclusively (news includes it)"
    if _N_DECADES.search(text):
        return "N decades read as calendar decades (news: rolling years to publication)"
    if _BARE_WEEKEND.fullmatch(text.strip()) and ref and past.get("startDate", "") > ref:
        return "bare weekend read as the coming one (news: the latest one)"
    return None


# ---------------------------------------------------------------- judges

def _numbers(found) -> list[float]:
    out = []
    for q in found:
        if q["kind"] in ("count", "money", "percent", "duration") and isinstance(q["value"], (int, float)):
            if q["qualifier"] == "range" and q["low"] is not None and q["high"] is not None and q["low"] != q["high"]:
                out += [q["low"], q["high"]]
            else:
                out.append(q["value"])
    return out


def _multiset_equal(ours: list, expected: list, same) -> bool:
    if len(ours) != len(expected):
        return False
    left = list(ours)
    for e in expected:
        for i, o in enumerate(left):
            if same(o, e):
                del left[i]
                break
        else:
            return False
    return True


def _judge_number(case, found) -> bool:
    expected = [float(r["Resolution"]["value"]) for r in case.get("Results", [])]
    return _multiset_equal(_numbers(found), expected, _close)


def _interval(q):
    qual = q["qualifier"]
    v = q["value"]
    if qual in ("exact", "approximate"):
        return ("[", v, v, "]")
    if qual == "at_least":
        return ("[", v, None, ")")
    if qual == "more_than":
        return ("(", v, None, ")")
    if qual == "at_most":
        return ("(", None, v, "]")
    if qual == "less_than":
        return ("(", None, v, ")")
    return ("[", q["low"], q["high"], ")")


def _parse_interval(text: str):
    text = text.strip()
    lo_b, hi_b = text[0], text[-1]
    lo, hi = text[1:-1].split(",")
    return (lo_b, float(lo) if lo.strip() else None, float(hi) if hi.strip() else None, hi_b)


def _same_interval(ours, exp) -> bool:
    if not (_close(ours[1], exp[1]) and _close(ours[2], exp[2])):
        return False
    if exp[1] is None or exp[2] is None:  # one-sided: openness matters
        return (exp[1] is None or ours[0] == exp[0]) and (exp[2] is None or ours[3] == exp[3])
    return True


def _judge_range(case, found) -> bool:
    numeric = [q for q in found if q["kind"] != "date" and isinstance(q["value"], (int, float))]
    ours = [_interval(q) for q in numeric]
    hedged = [_interval(q) for q in numeric if q["qualifier"] != "exact"]
    expected = [_parse_interval(r["Resolution"]["value"]) for r in case.get("Results", [])]
    left = list(ours)
    for e in expected:
        for i, o in enumerate(left):
            if _same_interval(o, e):
                del left[i]
                break
        else:
            return False
    extra_hedged = [o for o in left if o in hedged]
    return not extra_hedged


def _judge_dimension(case, found) -> bool:
    expected = [(float(r["Resolution"]["value"]), r["Resolution"]["unit"]) for r in case.get("Results", [])]
    ours = [(q["value"], q["unit"]) for q in found if q["kind"] == "measure"]
    return _multiset_equal(ours, expected, lambda o, e: _close(o[0], e[0]) and o[1] in _UNITS.get(e[1], set()))


def _judge_date(case, found, periods: bool) -> bool:
    dates = [q for q in found if q["kind"] == "date"]
    text = case["Input"]
    expected = case.get("Results", [])
    if len(dates) != len(expected):
        return False
    left = list(dates)
    for r in expected:
        span = _expected_span(r, text)
        past = r["Value"]["PastResolution"]
        for i, q in enumerate(left):
            if not _overlaps(q, span):
                continue
            if periods:
                end = date.fromisoformat(past["endDate"])
                ok = q["low"] == past["startDate"] and q["high"] in (end.isoformat(), (end - timedelta(days=1)).isoformat())
            else:
                ok = q["low"] == past["date"] and q["high"] == past["date"]
            if ok:
                del left[i]
                break
        else:
            return False
    return True


def judge(name: str, case: dict, found: list[dict]) -> bool:
    if name == "NumberModel":
        return _judge_number(case, found)
    if name == "NumberRangeModel":
        return _judge_range(case, found)
    if name == "DimensionModel":
        return _judge_dimension(case, found)
    if name == "DateParser":
        return _judge_date(case, found, periods=False)
    if name == "DatePeriodParser":
        return _judge_date(case, found, periods=True)
    raise ValueError(f"unknown benchmark file {name!r}")


# ---------------------------------------------------------------- scoring

def load(name: str, directory: Path | str = DEFAULT_DIR) -> list[dict]:
    with open(Path(directory) / f"{name}.json", encoding="utf-8-sig") as handle:
        return json.load(handle)


def score_file(name: str, directory: Path | str = DEFAULT_DIR, *, keep_failures: bool = False) -> dict:
    cases = load(name, directory)
    skipped = Counter()
    supported = right = 0
    failures = []
    for case in cases:
        reason = skip_reason(name, case)
        if reason:
            skipped[reason] += 1
            continue
        supported += 1
        found = _run(case)
        if judge(name, case, found):
            right += 1
        elif keep_failures:
            failures.append({"input": case["Input"], "reference_date": _ref(case),
                             "expected": case.get("Results", []), "found": found})
    out = {
        "file": f"{name}.json",
        "total": len(cases),
        "supported": supported,
        "right": right,
        "percent": round(100.0 * right / supported, 1) if supported else None,
        "skipped": sum(skipped.values()),
        "skipped_reasons": dict(skipped),
    }
    if keep_failures:
        out["failures"] = failures
    return out


def score_all(directory: Path | str = DEFAULT_DIR, *, names=FILES, keep_failures: bool = False) -> list[dict]:
    return [score_file(name, directory, keep_failures=keep_failures) for name in names]
