"""Figures that are intervals: two numbers joined ("between 20 and 30", "10-12", "10 to 12 km"),
two one-sided bounds joined ("more than 10 and fewer than 20"), a share written as a count out
of another ("2 in 5", "one out of four") and vague amounts ("dozens", "tens of thousands")."""
from __future__ import annotations

import dataclasses
import re
from functools import cache

from claims.nlp.resolvers import durations, hedges, money, numbers, units
from claims.nlp.resolvers.common import DASH, DASHES, PRIO_NUMBER, SP, Ctx, finditer_in, load, norm, phrase_alt, windows
from claims.nlp.resolvers.figures import Figure, fmt, make_number, read_suffix
from claims.nlp.resolvers.numbers import Atom
from claims.nlp.types import Quantity

_RANGE_CONN = re.compile(r"(?P<sp1>" + SP + r"*)(?P<c>" + DASH + r"|~|to|through|thru|till|until|and|or)(?P<sp2>" + SP + r"*)", re.IGNORECASE)
_WORD_CONN = ("to", "through", "thru", "till", "until")
_RE_PART_OF = re.compile(r"(?P<sp>\s+)(?P<c>out\s+of|in|over)\s+", re.IGNORECASE)
_RE_BOUNDS_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and|but|,)\s*$", re.IGNORECASE)
_RE_OPENER = re.compile(r"\b(?P<w>between|from)\s+$")


# A share is a rate ("one in five", "3 out of 4"); two figures in digits with a whole this large
# are a part and a whole, each a claim of its own.
_PART_AND_WHOLE_FROM = 100


def part_of(ctx: Ctx, fig: Figure, atoms: list[Atom], by_start: dict[int, int]) -> int | None:
    """"2 in 5", "two out of five": a share (0.4). Returns the end when added."""
    text = ctx.text
    if not (fig.suf.kind == "count" and fig.suf.mult == 1 and fig.atom.is_int):
        return None
    pm = _RE_PART_OF.match(text, fig.end)
    nxt = by_start.get(pm.end()) if pm else None
    if nxt is None:
        return None
    other = atoms[nxt]
    osuf = read_suffix(text, other.end, None)
    whole = other.value * osuf.mult
    if osuf.kind != "count" or not other.is_int or not 0 < abs(fig.value) < whole:
        return None
    if fig.atom.digits and other.digits and whole >= _PART_AND_WHOLE_FROM:
        return None  # "7,518 out of 19,340 cases": a part and a whole reported, two counts, not a rate
    if pm.group("c").lower() == "over" and durations_follow(text, osuf.end):
        return None  # "5 over 10 years": a count over a period
    share = fmt(fig.value / whole)
    ctx.add(fig.start, osuf.end, PRIO_NUMBER, Quantity(text[fig.start:osuf.end], fig.start, osuf.end, "count", share, share, share))
    return osuf.end


def durations_follow(text: str, pos: int) -> bool:
    return durations.match_duration(text, pos) is not None


def _after_currency(text: str, pos: int, by_start: dict[int, int]) -> int | None:
    """The atom right after a currency written at `pos` ("$", "US$", "€"), or None."""
    for start in range(pos + 1, min(len(text), pos + 5) + 1):
        idx = by_start.get(start)
        if idx is not None:
            return idx if money.currency_before(text, start)[1] == pos else None
    return None


def number_range(ctx: Ctx, fig: Figure, atoms: list[Atom], by_start: dict[int, int]) -> int | None:
    """A figure and the next joined by a range connector: adds the range and returns its end."""
    text, atom, suf = ctx.text, fig.atom, fig.suf
    cm = _RANGE_CONN.match(text, fig.end)
    if not cm:
        return None
    nxt = by_start.get(cm.end())
    if nxt is None:
        nxt = _after_currency(text, cm.end(), by_start)  # "from $90 billion to $160 billion"
    if nxt is None:
        return None
    other = atoms[nxt]
    conn = cm.group("c").lower()
    ocur, ocstart = money.currency_before(text, other.start)
    if ocstart != other.start and ocstart < cm.end():
        ocur = None
    if ocur and fig.currency and ocur != fig.currency:
        return None  # "from $5 to €6": two amounts, not one range
    before = text[max(0, fig.start - 9):fig.start].lower()
    opener = _RE_OPENER.search(before)
    dash = conn in DASHES or conn == "~"
    allowed = (
        (conn == "and" and opener is not None and opener.group("w") == "between")
        or conn in _WORD_CONN
        or (conn == "or" and not atom.digits and not other.digits)  # "two or three"; "2 or 3" are two choices
        or (dash and atom.digits == other.digits and cm.group("sp1") == cm.group("sp2"))
    )
    if not allowed:
        return None
    currency = fig.currency
    osuf = read_suffix(text, other.end, currency or ocur)
    lo_mult = suf.mult
    if lo_mult == 1 and osuf.mult != 1 and atom.value * osuf.mult <= other.value * osuf.mult:
        lo_mult = osuf.mult  # "1.5 to 2 million": the magnitude applies to both
    lo = atom.value * lo_mult * (-1 if fig.negative_word and atom.value > 0 else 1)
    hi = other.value * osuf.mult
    same_kind = suf.kind == "count" or suf.kind == osuf.kind
    if not (lo < hi and same_kind) or (dash and atom.year_like and other.year_like):
        return None
    rsuf = osuf if osuf.kind != "count" else suf
    if rsuf.kind == "count" and currency:
        rsuf = dataclasses.replace(rsuf, kind="money", currency=currency)
    rstart = fig.start - (len(before) - opener.start()) if opener else fig.start
    rend = osuf.end
    if not re.search(r"\b(?:between|from)\s*$", text[max(0, rstart - 9):rstart].lower()):
        group, hstart = hedges.hedge_before(text, rstart)
        if group is not None and group["qualifier"] == "approximate":
            rstart = hstart  # "about 10 to 12"
    direction = hedges.direction(text, rstart, rend)
    ctx.add(rstart, rend, PRIO_NUMBER, make_number(text, rstart, rend, (lo + hi) / 2, lo, hi, "range", rsuf, direction))
    return rend


def joined_bounds(ctx: Ctx) -> None:
    """Two one-sided bounds joined: "more than 10 and fewer than 20", "at most 100 and at least 20"."""
    text = ctx.text
    singles = sorted((c for c in ctx.cands if c[3] is not None and c[3].kind != "date"), key=lambda c: c[0])
    pairs = ({"more_than", "less_than"}, {"more_than", "at_most"}, {"at_least", "less_than"}, {"at_least", "at_most"})
    for (s1, e1, _, q1), (s2, e2, _, q2) in zip(singles, singles[1:]):
        if e1 > s2 or q1.kind != q2.kind or not _RE_BOUNDS_JOIN.match(text[e1:s2]):
            continue
        if {q1.qualifier, q2.qualifier} not in pairs:
            continue
        lo_q = q1 if q1.qualifier in ("more_than", "at_least") else q2
        hi_q = q2 if lo_q is q1 else q1
        lo, hi = lo_q.low, hi_q.high
        if lo is None or hi is None or lo >= hi:
            continue
        ctx.add(s1, e2, PRIO_NUMBER, Quantity(text[s1:e2], s1, e2, q1.kind, fmt((lo + hi) / 2), lo, hi, "range", q1.unit or q2.unit))


class VagueRules:
    def __init__(self):
        num = numbers.rules()
        self.by_phrase = {norm(v["pattern"]): v for v in num.vague}
        self.re = re.compile(r"(?<![\w])(?:" + phrase_alt(self.by_phrase) + r")(?![\w])", re.IGNORECASE)
        spec = load("numbers.json")
        self.needs_of = set(spec["vague_needs_of"])
        self.needs_word = set(spec["vague_needs_word_after"])

    def trigger_words(self) -> set[str]:
        return {w for v in self.by_phrase for w in v.split() if w not in ("a", "of")}


@cache
def vague_rules() -> VagueRules:
    return VagueRules()


def vague_amounts(ctx: Ctx) -> None:
    """"dozens" (24..99), "hundreds of thousands", "several", "a handful": ranges with a typical value."""
    text, r = ctx.text, vague_rules()
    for m in finditer_in(r.re, text, windows(text, ctx.scan["vague"], 24, word_edges=True)):
        phrase = norm(m.group(0))
        spec = r.by_phrase.get(phrase)
        if spec is None:
            continue
        if phrase in r.needs_of and not re.match(r"\s+of\s", text[m.end():m.end() + 5], re.IGNORECASE):
            continue  # "he scores", "test scores": a vague amount only as "scores of"
        if phrase in r.needs_word and not re.match(r"\s+(?:of\s+)?[a-z]", text[m.end():m.end() + 8], re.IGNORECASE):
            continue
        start, end = m.start(), m.end()
        kind, unit, end, si = _vague_of_unit(text, end, phrase)
        si_value, si_unit = (fmt(spec["value"] * si[0]), si[1]) if si else (None, None)
        group, hstart = hedges.hedge_before(text, start)
        if group is not None and group["qualifier"] in ("more_than", "at_least"):
            ctx.add(hstart, end, PRIO_NUMBER, Quantity(text[hstart:end], hstart, end, kind, float(spec["value"]), float(spec["low"]), None,
                                                       group["qualifier"], unit, si_value=si_value, si_unit=si_unit))
            continue
        ctx.add(start, end, PRIO_NUMBER, Quantity(text[start:end], start, end, kind, float(spec["value"]), float(spec["low"]), float(spec["high"]),
                                                  "range", unit, si_value=si_value, si_unit=si_unit))


_RE_OF = re.compile(r"\s+of" + SP + r"+", re.IGNORECASE)


def _vague_of_unit(text: str, end: int, phrase: str):
    """(kind, unit, end, (SI factor, SI unit) or None) of a vague amount of a unit: "hundreds of tons" is a measure, "millions of
    dollars" money; otherwise a count ending where it ended ("dozens of people")."""
    m = _RE_OF.match(text, end)
    if not m or phrase.endswith(" of"):
        return "count", None, end, None
    cur = money.currency_after(text, m.end() - 1, None, 1e6)  # a magnitude is implied: "millions of pounds"
    if cur is not None and re.match(r"\s", text[m.end() - 1]):
        return "money", cur[0], cur[1], None
    unit = units.match_unit(text, m.end() - 1)
    if unit is not None and re.match(r"\s", text[m.end() - 1]):
        return "measure", unit.unit, unit.end, (unit.factor, unit.si)
    return "count", None, end, None
