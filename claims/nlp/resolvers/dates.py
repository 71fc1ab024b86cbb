"""Dates as points: each pattern of claims/rules/date_patterns.json finds a class of date
phrasings, and one small resolver per pattern kind turns a match into a calendar interval,
relative ones against the publication date (news reports the past: a bare weekday is the
latest one, a year-less day the latest such day on or before the reference date).
How points combine into from-to periods and open periods is in `date_spans`."""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from claims.nlp.resolvers import datemath as dm
from claims.nlp.resolvers import numbers
from claims.nlp.resolvers.common import SP, alt, expand, load, norm, phrase_alt, word_tokens
from claims.nlp.resolvers.datemath import DV

_SMALL_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]


class DateRules:
    def __init__(self):
        cal = load("calendar.json")
        nr = numbers.rules()
        self.months: dict[str, int] = cal["months"]
        self.weekdays: dict[str, int] = cal["weekdays"]
        self.day_offsets = {norm(k): v for k, v in cal["day_words"].items()}
        self.decade_words: dict[str, int] = cal["decade_words"]
        self.parts = {norm(k): v for k, v in cal["part_of_period"].items()}
        self.part_of_year = {norm(k): v for k, v in cal["part_of_year"].items()}
        self.date_preps = set(cal["date_prepositions"])
        self.year_not_after = cal["year_not_after"]
        self.re_future = re.compile(r"(?<![\w])(?:" + phrase_alt(cal["future_markers"]) + r")(?![\w])", re.IGNORECASE)
        self.re_count_to = re.compile(r"(?<![\w])(?:" + alt(cal["count_verbs_before_to"]) + r")\s+to\s+$", re.IGNORECASE)
        self.re_year_not_after = re.compile(r"(?:^|\s)(?:[a-z]+\s+)?(?:" + alt(self.year_not_after) + r")\s*$")
        # Days of the month in words: "the fifteenth", "twenty-first", "the twenty one".
        self.day_words: dict[str, int] = {w: int(v) for w, v in nr.ordinals.items() if v <= 31 and float(v).is_integer()}
        for tens, tv in (("twenty", 20), ("thirty", 30)):
            for i, w in enumerate(_SMALL_ORDINALS):
                if tv + i + 1 <= 31:
                    self.day_words[f"{tens}-{w}"] = self.day_words[f"{tens} {w}"] = tv + i + 1
        for w, v in nr.units.items():
            if 1 <= v <= 9:
                self.day_words[f"twenty-{w}"] = self.day_words[f"twenty {w}"] = 20 + int(v)
        self.holidays = {norm(k).replace("’", "'"): v for k, v in cal["holidays"].items()}
        self.parts_src = self._building_blocks(nr)
        spec = load("date_patterns.json")
        self.points = []
        for item in spec["patterns"]:
            flags = re.IGNORECASE if item.get("ignore_case", True) else 0
            self.points.append((item["kind"], re.compile(expand(item["pattern"], self.parts_src), flags), item["trigger"]))
        self.comp = {k: re.compile(expand(v["pattern"], self.parts_src), re.IGNORECASE) for k, v in spec["composition"].items()}
        self.re_year_words = re.compile(self.parts_src["YW"], re.IGNORECASE)

    def _building_blocks(self, nr) -> dict[str, str]:
        full = [m for m in self.months if len(m) > 4 or m in ("may", "june", "july")]
        U19 = r"(?:one|two|three|four|five|six|seven|eight|nine)"
        TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
        TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
        TWO = r"(?:" + TENS + r"(?:[\s\-]+" + U19 + r")?|" + TEEN + r"|" + U19 + r")"
        # A year in words ("nineteen seventy eight", "two thousand and eighteen"), where a year is expected.
        YW = (r"(?:(?:one|two)\s+thousand(?:\s+" + U19 + r"\s+hundred)?(?:(?:\s+and)?\s+" + TWO + r"(?![\w\-]))?"
              r"|(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+"
              r"(?:hundred(?:\s+and\s+" + TWO + r")?|(?:oh|zero|nought)\s+" + U19 + r"|" + TEEN + r"|" + TENS + r"(?:[\s\-]+" + U19 + r")?)(?![\w\-]))")
        Y = r"(?P<y>1\d{3}|20\d{2})(?!\d)"
        wd_any = alt(self.weekdays)
        return {
            "B": r"(?<![\w])", "E": r"(?![\w])", "SP": SP,
            "MONTHS": alt(self.months),
            "M": r"(?P<mon>(?:" + alt(full) + r")|(?:" + alt(set(self.months) - set(full)) + r")\.?)",
            "D": r"(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
            "DW": r"(?P<dw>" + alt(self.day_words) + r")",
            "Y": Y, "YW": YW, "Y2": r"(?:" + Y + r"|(?P<yword>" + YW + r"))",
            "WD": r"(?:(?P<wd>" + wd_any + r")\.?,?\s+)?",
            "WD_ANY": wd_any, "WD_FULL": alt([w for w in self.weekdays if len(w) > 4]),
            "PARTS": phrase_alt(self.parts), "DECADES": alt(self.decade_words), "DAYWORDS": phrase_alt(self.day_offsets),
            "UNITS_W": alt(nr.units), "TENS_W": alt(nr.tens),
            # Apostrophes either way, spaces any width: "New Year’s Eve", "St Patrick's  Day".
            "HOLIDAYS": "|".join(r"\s+".join(re.escape(w).replace("'", "['’]") for w in h.split())
                                 for h in sorted(self.holidays, key=lambda h: (-len(h), h))),
        }

    def trigger_words(self) -> dict[str, set[str]]:
        """word -> names of the triggers it fires (for the one-pass scan)."""
        cal = load("calendar.json")
        out: dict[str, set[str]] = {}

        def put(word, name):
            out.setdefault(word.lower(), set()).add(name)
        for w in self.months:
            put(w.rstrip("."), "month")
        for w in self.weekdays:
            put(w, "weekday")
            put(w + "s", "weekday")
        for phrase in self.day_offsets:
            put(phrase.split()[-1], "word")
        for w in cal["trigger_words"]:
            put(w, "word")
        for h in self.holidays:  # their own trigger: "Good Friday" must not send every pattern to each "Friday"
            put(re.sub(r"[^a-z]", "", h.split()[0]), "holiday")
        for w in self.decade_words:
            put(w, "word")
        return out


@cache
def rules() -> DateRules:
    return DateRules()


# "the 18th" alone is a day only after these words (the `the_day` pattern), so only they send it looking.
RE_THE_TRIGGER = re.compile(r"(?<![\w])(?:on|for|by|since|until|from|of)\s+the(?![\w])", re.IGNORECASE)


def month_num(word: str) -> int | None:
    return rules().months.get(word.lower().rstrip("."))


def part(dv: DV | None, name: str) -> DV | None:
    if dv is None:
        return None
    r = rules()
    return dm.part(dv, norm(name), r.parts, r.part_of_year)


def year_from_words(words: str) -> int | None:
    """ "nineteen seventy eight" -> 1978, "two thousand and eighteen" -> 2018, "nineteen oh one" -> 1901."""
    nr = numbers.rules()
    tokens = word_tokens(words, 0)
    if len(tokens) >= 2 and tokens[1][0] == "thousand":
        parsed = numbers.parse_words(tokens, 0, nr)
        if parsed is None or parsed[1] != len(tokens) or parsed[2]:
            return None
        return int(parsed[0])
    century = nr.units.get(tokens[0][0]) or nr.tens.get(tokens[0][0])
    if not century or len(tokens) < 2:
        return None
    rest = tokens[1:]
    if rest[0][0] in ("oh", "zero", "nought"):
        rest = rest[1:]
    if rest and rest[0][0] == "hundred":
        rest = rest[1:]
        if rest and rest[0][0] == "and":
            rest = rest[1:]
    if not rest:
        return int(century * 100)
    parsed = numbers.parse_words(rest, 0, nr)
    if parsed is None or parsed[1] != len(rest) or parsed[2] or not 0 <= parsed[0] < 100:
        return None
    return int(century * 100 + parsed[0])


def _day(g: dict) -> int | None:
    """The day number of a match: digits or an ordinal word."""
    r = rules()
    if g.get("d"):
        return int(g["d"])
    if g.get("dw"):
        return r.day_words.get(norm(g["dw"]))
    return None


def future_clause(text: str, start: int) -> bool:
    """Whether the clause before `start` speaks of the future ("will", "is due to", "plans to")."""
    sent = re.split(r"[.!?;]\s", text[max(0, start - 80):start])[-1]
    return bool(rules().re_future.search(sent))


_REL_STEP = {"last": -1, "past": -1, "previous": -1, "the previous": -1, "this": 0, "current": 0,
             "next": 1, "coming": 1, "upcoming": 1, "following": 1, "the following": 1}
_WEEK_STEP = {"last": -7, "previous": -7, "this": 0, "next": 7, "coming": 7}


def rel_step(word: str | None, default: int = 0) -> int:
    return _REL_STEP.get(norm(word or ""), default)


def week_step(word: str) -> int:
    return _WEEK_STEP[word.lower()]


# ---------------------------------------------------------------- absolute forms


def _iso(g, m, ref, text):
    return dm.day_dv(dm.mk(int(g["y"]), int(g["m"]), int(g["d"])))


def _iso_mon(g, m, ref, text):
    return dm.day_dv(dm.mk(int(g["y"]), month_num(g["mon"]), int(g["d"])))


def _dmy_num(g, m, ref, text):
    a, b, y = int(g["a"]), int(g["b"]), g["y"]
    year = int(y) if len(y) == 4 else dm.two_digit_year(int(y))
    return dm.day_dv(dm.mk(year, b, a) or dm.mk(year, a, b))


_RE_DAY_PREP_BEFORE = re.compile(r"(?<![\w])(?:on|since|until|till|by|dated|from)\s+$", re.IGNORECASE)


def _md_num(g, m, ref, text):
    a, b = int(g["a"]), int(g["b"])
    if a > 12 and b <= 12:
        return dm.yearless(b, a, ref)
    if b > 12 and a <= 12:
        return dm.yearless(a, b, ref)
    if a and b and _RE_DAY_PREP_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
        return dm.yearless(b, a, ref)  # "closed on 5/12": a day after "on", day first
    return None  # "3/4" is a fraction


def _day_month(g, m, ref, text):
    mon = month_num(g["mon"])
    day = _day(g)
    if mon is None or not day:
        return None
    if g["_kind"].startswith("dmy") and not g.get("y") and _lower_common_month(g["mon"]):
        return None  # "the 5 may be": a lower-case "may" after a number is the verb
    if g.get("dw") and not g.get("y") and _RE_POSSESSIVE_BEFORE.search(text[max(0, m.start() - 24):m.start()]):
        return None  # "the Veterans' March Third ...": a name, then an ordinal
    if g.get("y"):
        return dm.day_dv(dm.mk(int(g["y"]), mon, day))
    if g.get("yy"):
        return dm.day_dv(dm.mk(dm.two_digit_year(int(g["yy"])), mon, day))
    return dm.yearless(mon, day, ref)


def _lower_common_month(word: str) -> bool:
    """Month names that are also common words count only capitalised: "may", "march"."""
    return word[0].islower() and word.lower() in ("may", "march", "mar")


def _my(g, m, ref, text):
    mon = month_num(g["mon"])
    y = int(g["y"]) if g.get("y") else dm.two_digit_year(int(g.get("yy") or g.get("yy2")))
    dv = dm.month_dv(y, mon)
    return part(dv, g["part"]) if dv and g.get("part") else dv


def _ym(g, m, ref, text):
    return dm.month_dv(int(g["y"]), month_num(g["mon"]))


def _ym_num(g, m, ref, text):
    return dm.month_dv(int(g["y"]), int(g["m"]))


def _month(g, m, ref, text):
    mon = month_num(g["mon"])
    word = g["mon"]
    part_w, mod = g.get("part"), (g.get("mod") or "").lower()
    yrel = norm(g.get("yrel") or "")
    anchored = bool(part_w or mod or yrel)
    if not anchored and not word[0].isupper():
        return None
    if _lower_common_month(word):
        return None
    if word.lower().rstrip(".") in ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec") and not anchored:
        return None  # an abbreviation alone is too often something else ("Jan" the name)
    if not anchored and _month_in_name(text, m.start(), m.end()):
        return None
    if ref is None:
        return None
    if yrel:
        y = ref.year + rel_step(yrel)
    elif mod in ("last", "past", "previous"):
        y = ref.year - 1
    elif mod in ("next", "coming"):
        y = ref.year + 1 if mon <= ref.month else ref.year
    elif mod == "this":
        y = ref.year
    elif future_clause(text, m.start()):
        y = ref.year if mon >= ref.month else ref.year + 1  # "will be elected in October": the coming one
    else:
        y = ref.year if mon <= ref.month else ref.year - 1
    dv = dm.month_dv(y, mon, explicit=bool(yrel or mod))
    if dv and part_w:
        dv = part(dv, part_w)
        if not (yrel or mod) and dv.low > ref:
            dv = part(dm.month_dv(y - 1, mon, explicit=False), part_w)
    return dv


_RE_POSSESSIVE_BEFORE = re.compile(r"[^\W\d_][’']s?\s+$")
_RE_CAPITAL_AFTER = re.compile(r"\s+(?P<w>[A-Z][a-z]+)")


def _month_in_name(text: str, start: int, end: int) -> bool:
    """A month name alone that is part of a name, not a date: after a possessive ("the
    Veterans' March") or before a capitalised word that is neither a date word nor the start of a
    sentence ("May Ashworth", a byline), unless a date preposition other than "by" comes first ("in May Parliament")."""
    before = text[max(0, start - 24):start]
    if _RE_POSSESSIVE_BEFORE.search(before):
        return True
    nxt = _RE_CAPITAL_AFTER.match(text, end)
    if not nxt:
        return False
    r = rules()
    word = nxt.group("w").lower()
    if word in r.months or word in r.weekdays or word in r.date_preps:
        return False
    prev = re.search(r"([A-Za-z]+)\W*$", before)
    # "by" before a name is a byline ("Reporting by April Haynes"), not a deadline.
    return not (prev and prev.group(1).lower() in r.date_preps and prev.group(1).lower() != "by")


def _year(g, m, ref, text):
    y = int(g["y"])
    if not g.get("part") and not g.get("yw") and not _bare_year_ok(y, m, text):
        return None
    dv = dm.year_dv(y)
    return part(dv, g["part"]) if dv and g.get("part") else dv


def _bare_year_ok(y: int, m: re.Match, text: str) -> bool:
    """A bare four-digit number is a year after a date word ("in 2013", "since 2011") or ending a
    clause when no count-like word precedes it ("the war of 2011." is not, "300,000 2011" is not)."""
    r = rules()
    before = text[max(0, m.start() - 16):m.start()].lower()
    after = text[m.end():m.end() + 12]
    prev = re.search(r"([a-z]+)[\s\-]*$", before)
    if r.re_count_to.search(text[max(0, m.start() - 32):m.start()]):
        return False  # "the toll rose to 1552": the level a count reached, not a year
    if prev and prev.group(1) in r.date_preps:
        return True
    if 1800 <= y <= 2100 and re.search(r"[\w][’']s\s+$", before) and re.match(r"\s+[“\"']?[A-Za-z]*[^\Ws]\b", after):
        return True  # "the mayor's 2019 budget": a year before a singular noun after a possessive
    if re.match(r"\s*(?:[.,;:!?)\]]|$|and\b|to\b|[-\u2013])", after) and not re.search(r"\d[\s,]*$", before):
        return 1800 <= y <= 2100 and not r.re_year_not_after.search(before)
    return False


def _decade(g, m, ref, text):
    if g.get("c"):
        y = int(g["c"]) * 100 + int(g["d"]) * 10
    else:
        dd = int(g.get("d2") or g.get("d3"))
        if g.get("d3") and not m.group(0).lower().startswith("the") and "'" not in m.group(0):
            return None  # "50s" alone is more often an age
        y = 1900 + dd * 10 if dd != 0 else 2000
        if ref is not None and y + 100 <= ref.year:
            y += 100
    return dm.years_dv(y, y + 9)


def _decade_w(g, m, ref, text):
    before = text[max(0, m.start() - 8):m.start()].lower()
    if re.search(r"\b(?:his|her|their|its|my|your|our|mid|late|early)\s*$", before):
        return None  # "in her forties" is an age
    dd = rules().decade_words[g["w"].lower()]
    c = g.get("c")
    base = 1800 if c and c.strip().lower() == "eighteen" else (2000 if dd == 0 else 1900)
    return dm.years_dv(base + dd, base + dd + 9)


def _decade_w2(g, m, ref, text):
    y = 2010 if g.get("tt") else 2000
    return dm.years_dv(y, y + 9)


def _century(g, m, ref, text):
    n = int(g["n"])
    if not 1 <= n <= 30:
        return None
    return dm.period(date(max(1, (n - 1) * 100), 1, 1), date(n * 100 - 1, 12, 31))


_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4}


def _year_or_rel(g, ref, *keys) -> int | None:
    for key in keys:
        if g.get(key):
            return int(g[key])
    if ref is None:
        return None
    return ref.year + rel_step(g.get("yrel") or "this")


def _quarter(g, m, ref, text):
    q = _QUARTERS[g["q"].lower()]
    y = _year_or_rel(g, ref, "y")
    return dm.months_dv(y, 3 * q - 2, 3 * q) if y else None


def _half(g, m, ref, text):
    h = 1 if g["h"].lower() == "first" else 2
    y = _year_or_rel(g, ref, "y")
    return dm.months_dv(y, 6 * h - 5, 6 * h) if y else None


def _qn(g, m, ref, text):
    y = _year_or_rel(g, ref, "y", "y2", "y3", "y4")
    if y is None:
        return None
    if g.get("q") or g.get("q2"):
        q = int(g.get("q") or g.get("q2"))
        return dm.months_dv(y, 3 * q - 2, 3 * q)
    h = int((g.get("h0") or g.get("h1"))[1])
    return dm.months_dv(y, 6 * h - 5, 6 * h)


def _year_w(g, m, ref, text):
    return dm.year_dv(int(g["y"]))


def _nth_week(g, m, ref, text):
    n = g["n"].lower()
    if g.get("mon"):
        mon = month_num(g["mon"])
        if g.get("my"):
            y = int(g["my"])
        elif ref is None:
            return None
        else:
            y = ref.year if mon <= ref.month else ref.year - 1
        if not 1 <= y <= 9999:
            return None
        dv = dm.nth_week(date(y, mon, 1), dm.last_day(y, mon), n)
        if dv is not None and not g.get("my") and dv.low > ref and y > 1:
            dv = dm.nth_week(date(y - 1, mon, 1), dm.last_day(y - 1, mon), n)  # news: the past one
        return dv
    if g.get("y"):
        y = int(g["y"])
        return dm.nth_week(date(y, 1, 1), date(y, 12, 31), n)
    if ref is None:
        return None
    step = {"next": 1, "last": -1, "previous": -1}.get(g["rel"].lower(), 0)
    if g["u"].lower() == "month":
        first = dm.add_months(date(ref.year, ref.month, 1), step)
        return dm.nth_week(first, dm.last_day(first.year, first.month), n) if first else None
    y = ref.year + step
    return dm.nth_week(date(y, 1, 1), date(y, 12, 31), n) if 1 <= y <= 9999 else None


# ---------------------------------------------------------------- relative forms (need the reference date)


def _weekday(g, m, ref, text):
    r = rules()
    wd = r.weekdays[g["wd"].lower()]
    mod = (g.get("mod") or "").lower()
    wk = (g.get("wk") or g.get("wk2") or "").lower()
    day = _day(g)
    if day:
        return _weekday_with_day(wd, day, ref)
    week = dm.week_of(ref)
    if week is None:
        return None
    if wk or mod in ("this", "next", "coming"):
        return dm.day_dv(dm.add_days(week[0], week_step(wk or mod) + wd))
    back = (ref.weekday() - wd) % 7
    if mod in ("last", "past", "previous"):
        back = back or 7
    return dm.day_dv(dm.add_days(ref, -back))


def _weekday_with_day(wd: int, day: int, ref: date) -> DV | None:
    """"Tuesday the 15th": the nearest month whose 15th is a Tuesday (ties: the past one)."""
    best = None
    for step in range(-14, 3):
        first = dm.add_months(date(ref.year, ref.month, 1), step)
        cand = dm.mk(first.year, first.month, day) if first else None
        if cand and cand.weekday() == wd:
            key = (abs((cand - ref).days), cand > ref)
            if best is None or key < best[0]:
                best = (key, cand)
    return dm.day_dv(best[1]) if best else dm.yearless(ref.month, day, ref)


def _nth_weekday(g, m, ref, text):
    wd = rules().weekdays[g["wd"].lower()]
    if g.get("mon"):
        mon = month_num(g["mon"])
        y = ref.year if mon <= ref.month else ref.year - 1
        first = date(y, mon, 1) if y >= 1 else None
    else:
        first = dm.add_months(date(ref.year, ref.month, 1), {"next": 1, "last": -1, "previous": -1}.get((g.get("rel") or "").lower(), 0))
    if first is None:
        return None
    last = dm.last_day(first.year, first.month)
    nword = g["n"].lower()
    if nword == "last":
        return dm.day_dv(dm.add_days(last, -((last.weekday() - wd) % 7)))
    d = dm.add_days(first, (wd - first.weekday()) % 7 + 7 * (dm.nth(nword) - 1))
    return dm.day_dv(d) if d and d <= last else None


def _dayword(g, m, ref, text):
    return dm.day_dv(dm.add_days(ref, rules().day_offsets[norm(g["w"])]))


def _rel_unit(g, m, ref, text):
    u, step = g["u"].lower(), rel_step(g.get("mod"))
    part_w = (g.get("part") or "").lower()
    dv = _unit_dv(u, step, ref)
    if dv is None:
        return None
    if part_w in ("earlier", "later") and step == 0:
        # The part of this week/month/year before or after publication; a month or year keeps its
        # value ("later this year" is still 2018, narrowed), like any part of a period.
        low, high = (dv.low, min(ref, dv.high)) if part_w == "earlier" else (max(ref, dv.low), dv.high)
        if dv.prec in ("month", "year") and low <= high:
            return DV(low, high, dv.prec, True, "exact")
        return dm.period(low, high)
    if u == "week" and step == -1 and not part_w and m.group(0).lower().startswith("the "):
        # "the past week", "in the last week": the seven days up to publication; a bare
        # "last week" is the previous calendar week.
        return dm.period(dm.add_days(ref, -7), ref)
    if part_w in ("earlier", "later"):
        part_w = "early" if part_w == "earlier" else "late"
    if part_w and norm(part_w) in rules().parts:
        dv = part(dv, part_w)
    return dv


def _unit_dv(u: str, step: int, ref: date) -> DV | None:
    """The calendar week, weekend, month, year or decade `step` units from the one holding `ref`."""
    if u == "week":
        return dm.week_dv(ref, step)
    if u == "weekend":
        week = dm.week_of(ref)
        sat = dm.add_days(week[0], 5 + 7 * step) if week else None
        return dm.period(sat, dm.add_days(sat, 1))
    if u == "month":
        first = dm.add_months(date(ref.year, ref.month, 1), step)
        return dm.month_dv(first.year, first.month) if first else None
    if u == "year":
        return dm.year_dv(ref.year + step)
    if u == "quarter":  # "last quarter": the calendar quarter before the one holding `ref`
        y, q = divmod((ref.month - 1) // 3 + step, 4)
        return dm.months_dv(ref.year + y, 3 * q + 1, 3 * q + 3)
    y0 = ref.year // 10 * 10 + 10 * step
    return dm.years_dv(y0, y0 + 9)


def _rel_in(g, m, ref, text):
    u = g["u"].lower()
    if u == "week":
        dv = dm.week_dv(ref)
    elif u == "month":
        dv = dm.month_dv(ref.year, ref.month)
    else:
        dv = dm.year_dv(ref.year)
    if dv is None:
        return None
    return dm.period(dv.low, ref) if g["p"].lower() == "earlier" else dm.period(ref, dv.high)


_VAGUE_N = {"": 3, "few": 3, "a few": 3, "several": 4, "couple": 2, "couple of": 2, "a couple of": 2}


def _count_of(raw: str | None):
    """(n, vague) for the count before a unit: "three", "a few" (3, vague), "several" (4, vague)."""
    n_raw = norm(raw or "")
    if n_raw in _VAGUE_N:
        return _VAGUE_N[n_raw], True
    return numbers.small_number(n_raw), False


def _unit_word(raw: str) -> str:
    return re.sub(r"[^a-z]", "", raw.lower()).rstrip("s")


def _rel_n(g, m, ref, text):
    n, _ = _count_of(g.get("n"))
    if not n:
        return None
    u = _unit_word(g["u"])
    if u == "hour":  # "the last 48 hours": the days those hours touch
        n, u = max(1, -(-n // 24)), "day"
    if g["mod"].lower() in ("next", "coming", "upcoming"):
        start = ref if m.group(0).lower().startswith("within") else dm.add_days(ref, 1)
        return dm.period(start, dm.shift(ref, n, u))
    return dm.period(dm.shift(ref, -n, u), ref)


def _ago(g, m, ref, text):
    n, vague = _count_of(g.get("n"))
    if not n:
        return None
    u = _unit_word(g["u"])
    direction = norm(g["dir"])
    base = ref
    for word, off in (("tomorrow", 1), ("yesterday", -1)):
        if direction.endswith(word):
            base = dm.add_days(ref, off)
    sign = -1 if direction == "ago" or direction.startswith("before") else 1
    d = dm.shift(base, sign * n, u)
    for mm in re.finditer(r"(\d+)\s+(day|week|month|year)", g.get("more") or ""):
        d = dm.shift(d, sign * int(mm.group(1)), mm.group(2))
    if d and sign > 0 and re.search(r"(?<![\w])for\s+$", text[max(0, m.start() - 5):m.start()], re.IGNORECASE):
        return dm.period(base, dm.add_days(d, -1))  # "for 3 days from today": the span, not its last day
    dv = dm.day_dv(d)
    if dv and vague:
        dv.qualifier = "approximate"
    return dv


def _easter(y: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _holiday_day(rule, y: int) -> date | None:
    if not 1583 <= y <= 9999:
        return None
    if rule[0] == "easter":
        return dm.add_days(_easter(y), rule[1])
    if rule[0] == "nth":
        _, month, wd, n = rule
        if n > 0:
            first = date(y, month, 1)
            return dm.add_days(first, (wd - first.weekday()) % 7 + 7 * (n - 1))
        last = dm.last_day(y, month)
        return dm.add_days(last, -((last.weekday() - wd) % 7))
    return dm.mk(y, rule[0], rule[1])


def _holiday(g, m, ref, text):
    name = g["h"]
    if not name[0].isupper():
        return None  # "christmas" in lower case is rarely the day
    rule = rules().holidays.get(norm(name).replace("’", "'"))
    if rule is None:
        return None
    if g.get("y"):
        return dm.day_dv(_holiday_day(rule, int(g["y"])))
    if ref is None:
        return None
    forward = future_clause(text, m.start())
    for y in ((ref.year, ref.year + 1) if forward else (ref.year, ref.year - 1)):
        d = _holiday_day(rule, y)
        if d and ((d >= ref) if forward else (d <= ref)):
            return dm.day_dv(d, explicit=False)
    return None


def _ytd(g, m, ref, text):
    return dm.period(date(ref.year, 1, 1), ref)


def _weekend(g, m, ref, text):
    mod = (g.get("mod") or "").lower()
    week = dm.week_of(ref)
    if week is None or mod == "that":
        return None
    if mod == "this":
        sat = dm.add_days(week[0], 5)
    elif mod == "next":
        sat = dm.add_days(week[0], 12)
    else:  # "the weekend", "at/over the weekend", "last weekend": the latest one
        sat = dm.add_days(ref, -((ref.weekday() - 5) % 7))
        if mod == "last" and ref.weekday() >= 5:
            sat = dm.add_days(sat, -7)
    return dm.period(sat, dm.add_days(sat, 1))


def _wd_pair(g, m, ref, text):
    r = rules()
    a, b = r.weekdays[g["a"].lower()], r.weekdays[g["b"].lower()]
    mod = (g.get("mod") or "").lower()
    if mod:
        week = dm.week_of(ref)
        if week is None or a > b:
            return None
        monday = dm.add_days(week[0], week_step(mod))
        return dm.period(dm.add_days(monday, a), dm.add_days(monday, b))
    low = dm.add_days(ref, -((ref.weekday() - a) % 7))
    high = dm.add_days(low, (b - a) % 7)
    if low and high and high > ref:
        low, high = dm.add_days(low, -7), dm.add_days(high, -7)
    return dm.period(low, high)


def _in_n(g, m, ref, text):
    # "in three weeks" is a date only when the clause speaks of the future ("will leave in 3 weeks",
    # "in 3 weeks' time"); after a past verb it is a duration ("sold out in three weeks").
    if not g.get("t") and not future_clause(text, m.start()):
        return None
    n = numbers.small_number(g["n"])
    if not n or n > 1000:
        return None
    u = g["u"].lower().rstrip("s")
    if g.get("b") and u == "day":
        d, left = ref, n
        while left and d is not None:
            d = dm.add_days(d, 1)
            if d and d.weekday() < 5:
                left -= 1
        return dm.day_dv(d)
    return dm.day_dv(dm.shift(ref, n, u))


def _wd_from_now(g, m, ref, text):
    n = numbers.small_number(g["n"])
    if not n:
        return None
    wd = rules().weekdays[g["wd"].lower()]
    first = dm.add_days(ref, (wd - ref.weekday()) % 7 or 7)
    return dm.day_dv(dm.add_days(first, 7 * (n - 1)))


def _within_n(g, m, ref, text):
    # "within five days" is a period from now only in a clause about the future ("will be back within
    # 5 days") or counted from a stated day ("within 2 weeks from today"); else a duration.
    base_w = (g.get("base") or "").lower()
    if not base_w and not future_clause(text, m.start()):
        return None
    n = numbers.small_number(g["n"])
    if not n or n > 1000:
        return None
    base = dm.add_days(ref, 1) if base_w == "tomorrow" else ref
    end = dm.shift(base, n, g["u"].lower().rstrip("s"))
    for mm in re.finditer(r"(\d+)\s+(day|week|month|year)", g.get("more") or ""):
        end = dm.shift(end, int(mm.group(1)), mm.group(2))
    return dm.period(base, end)


def _week_n(g, m, ref, text):
    n = int(g["n"])
    for y in (ref.year, ref.year - 1):
        try:
            monday = date.fromisocalendar(y, n, 1)
        except ValueError:
            continue
        if monday <= ref:
            return dm.period(monday, dm.add_days(monday, 6))
    return None


def _qbare(g, m, ref, text):
    q = int(g["q"])
    if g.get("yrel"):
        y = ref.year + rel_step(g["yrel"])
    else:
        y = ref.year if date(ref.year, 3 * q - 2, 1) <= ref else ref.year - 1
    return dm.months_dv(y, 3 * q - 2, 3 * q)


def _rest(g, m, ref, text):
    dv = _unit_dv(g["u"].lower(), 0, ref)
    return dm.period(ref, dv.high) if dv else None


def _after_next(g, m, ref, text):
    u = g["u"].lower()
    if u in ("week", "weekend"):
        dv = dm.week_dv(ref, 2)
        if dv is None or u == "week":
            return dv
        return dm.period(dm.add_days(dv.low, 5), dv.high)
    if u == "month":
        first = dm.add_months(date(ref.year, ref.month, 1), 2)
        return dm.month_dv(first.year, first.month) if first else None
    return dm.year_dv(ref.year + 2)


def _day_of_rel(g, m, ref, text):
    first = dm.add_months(date(ref.year, ref.month, 1), rel_step(g["rel"]))
    day = _day(g)
    if first is None or not day:
        return None
    return dm.day_dv(dm.mk(first.year, first.month, day))


def _days_rel_month(g, m, ref, text):
    first = dm.add_months(date(ref.year, ref.month, 1), rel_step(g["rel"]))
    day = _day(g)
    if first is None or not day:
        return None
    low, high = dm.mk(first.year, first.month, int(g["d1"])), dm.mk(first.year, first.month, day)
    if not low or not high or low >= high:
        return None
    return dm.period(low, high)


def _this_or_last_month(day: int, ref: date) -> DV | None:
    """A bare day number: this month's if it has come, else last month's."""
    d = dm.mk(ref.year, ref.month, day)
    if d is None or d > ref:
        prev = dm.add_months(date(ref.year, ref.month, 1), -1)
        d = dm.mk(prev.year, prev.month, day) if prev else None
    return dm.day_dv(d)


def _on_day(g, m, ref, text):
    return _this_or_last_month(int(g["d"]), ref)


def _the_day(g, m, ref, text):
    day = _day(g)
    return _this_or_last_month(day, ref) if day else None


# ---------------------------------------------------------------- ranges written as one pattern


def _day_range(g, m, ref, text):
    mon = month_num(g["mon"])
    d1, d2 = int(g["d1"]), int(g["d"])
    if g.get("y"):
        y = int(g["y"])
    else:
        if ref is None:
            return None
        y = ref.year if (dm.mk(ref.year, mon, d1) or date(ref.year, 12, 31)) <= ref else ref.year - 1
    low, high = dm.mk(y, mon, d1), dm.mk(y, mon, d2)
    if not low or not high or low >= high:
        return None
    return dm.period(low, high)


def _year_range(g, m, ref, text):
    y1, raw2 = int(g["y1"]), g["y2"]
    y2 = int(raw2) if len(raw2) == 4 else (y1 // 100 * 100 + int(raw2))
    if y2 <= y1 or y2 - y1 > 200:
        return None
    c = g["c"].lower()
    if c == "and" and (g.get("pre") or "").lower() != "between":
        return None
    if c == "/" and y2 != y1 + 1:
        return None  # "2014/15" is a season or fiscal year; "2011/2015" is not a period
    return dm.years_dv(y1, y2)


# kind -> (resolver, needs the reference date)
RESOLVERS = {
    "iso": (_iso, False), "iso_mon": (_iso_mon, False), "dmy_num": (_dmy_num, False), "md_num": (_md_num, False),
    "mdy": (_day_month, False), "mdy_w": (_day_month, False), "dmy": (_day_month, False), "dmy_w": (_day_month, False),
    "my": (_my, False), "ym": (_ym, False), "ym_num": (_ym_num, False), "my_num": (_ym_num, False),
    "month": (_month, False), "year": (_year, False), "decade": (_decade, False), "decade_w": (_decade_w, False),
    "decade_w2": (_decade_w2, False), "century": (_century, False), "quarter": (_quarter, False), "half": (_half, False),
    "qn": (_qn, False), "year_w": (_year_w, False), "nth_week": (_nth_week, False),
    "weekday": (_weekday, True), "nth_weekday": (_nth_weekday, True), "dayword": (_dayword, True),
    "rel_unit": (_rel_unit, True), "rel_in": (_rel_in, True), "rel_n": (_rel_n, True), "ago": (_ago, True),
    "weekend": (_weekend, True), "wd_pair": (_wd_pair, True), "in_n": (_in_n, True), "wd_from_now": (_wd_from_now, True),
    "within_n": (_within_n, True), "week_n": (_week_n, True), "qbare": (_qbare, True), "rest": (_rest, True),
    "after_next": (_after_next, True), "day_of_rel": (_day_of_rel, True), "days_rel_month": (_days_rel_month, True),
    "on_day": (_on_day, True), "the_day": (_the_day, True),
    "day_range_dm": (_day_range, False), "day_range_md": (_day_range, False), "day_range_md2": (_day_range, False),
    "year_range": (_year_range, False),
    "iso_compact": (_iso, False), "holiday": (_holiday, False), "ytd": (_ytd, True),
}


def resolve(kind: str, m: re.Match, ref: date | None, text: str) -> DV | None:
    """The interval a date pattern's match stands for, or None when it is not a date here."""
    resolver, needs_ref = RESOLVERS[kind]
    if needs_ref and ref is None:
        return None
    g = m.groupdict()
    g["_kind"] = kind
    if g.get("yword"):
        yw = year_from_words(g["yword"])
        if yw is None:
            return None
        g["y"] = str(yw)
    return resolver(g, m, ref, text)
