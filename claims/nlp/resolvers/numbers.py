"""Numbers as written: digit runs ("2,200", "1.111,11", "12,34,567"), fractions ("3/4", "2 1/4",
"½") and number words ("twenty-five", "two and a half million", "one twenty-fifth"), read into
atoms (value and span) that the other resolvers give a kind, a unit and a hedge. Vocabulary in
claims/rules/numbers.json."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from claims.nlp.resolvers.common import DASH, SP, Scan, alt, finditer_in, load, phrase_alt, windows, word_tokens


class NumberRules:
    def __init__(self):
        num = load("numbers.json")
        self.units: dict[str, float] = num["units"]
        self.tens: dict[str, float] = num["tens"]
        self.scales: dict[str, float] = num["scales"]
        self.dozen: dict[str, float] = num["dozen"]
        self.ordinals: dict[str, float] = num["ordinals"]
        self.denominators: dict[str, float] = {}
        for word, val in num["ordinals"].items():
            if word in ("first", "second"):
                continue  # "one second" is a duration, "a first" an ordinal
            self.denominators[word] = val
            self.denominators[word + "s"] = val
        self.denominators.update(num["fraction_words"])
        self.vocabulary = (set(self.units) | set(self.tens) | {"hundred"} | set(self.scales) | set(self.dozen)
                           | set(self.denominators) | {"first", "firsts"})
        nw = alt(self.vocabulary)
        sep = r"(?:" + SP + r"+|" + SP + "*" + DASH + SP + "*)"
        # A run of number words, with "and", "a" and "point" inside ("one hundred and five",
        # "two and a half", "three point five"); parsed word by word below.
        self.re_word_run = re.compile(
            r"(?<![\w])(?:(?:an?|half)" + sep + r")?(?:" + nw + r")(?:" + sep + r"(?:(?:and|a|an|point)" + sep + r")*(?:" + nw + r"))*(?![\w])",
            re.IGNORECASE,
        )
        self.one_pronoun_before = set(num["one_pronoun_before"])
        self.re_one_after = re.compile(r"\s*(?:" + phrase_alt(num["one_pronoun_after"]) + r")\b", re.IGNORECASE)
        mult = num["multipliers"]
        self.mult_words = {k.lower(): v for k, v in mult["words"].items()}
        self.mult_abbreviations = {k.lower(): v for k, v in mult["abbreviations"].items()}
        self.mult_glued_or_currency = {k.lower(): v for k, v in mult["glued_or_after_currency"].items()}
        self.mult_glued = {k.lower(): v for k, v in mult["glued_only"].items()}
        self.mult_case_sensitive = mult["case_sensitive"]
        self.mult_currency = mult["after_currency_only"]
        forms = (set(self.mult_words) | set(self.mult_abbreviations) | set(self.mult_glued_or_currency) | set(self.mult_glued)
                 | set(self.mult_case_sensitive) | set(self.mult_currency))
        self.re_mult = re.compile(r"(?P<sp>" + SP + r"*(?:" + DASH + SP + r"*)?)(?P<m>" + alt(forms) + r")(?![^\W_])", re.IGNORECASE)
        self.idioms = set(num["idioms"])
        self.re_half_compound = re.compile(DASH + r"(?:" + alt(num["half_compounds"]) + r")(?![\w])", re.IGNORECASE)
        self.vague = num["vague"]


@cache
def rules() -> NumberRules:
    return NumberRules()


def multiplier(form: str, glued: bool, currency: str | None) -> float | None:
    """The factor of a magnitude written after digits, or None when the form is not one here:
    "1.5 million", "1.2bn" and "5 bln" anywhere; "10k" and "3tn" glued or after a currency;
    "$1.5m" only after a currency ("48m" is metres); "5M" glued, "5 MM" either way."""
    r = rules()
    if form in r.mult_case_sensitive and (glued or len(form) > 1):
        return r.mult_case_sensitive[form]
    lower = form.lower()
    if lower in r.mult_currency and currency and form.islower():
        return r.mult_currency[lower]
    if lower in r.mult_words:
        return r.mult_words[lower]
    if lower in r.mult_abbreviations:
        return r.mult_abbreviations[lower]
    if lower in r.mult_glued_or_currency and (glued or currency):
        return r.mult_glued_or_currency[lower]
    if lower in r.mult_glued and glued:
        return r.mult_glued[lower]
    return None


def match_multiplier(text: str, pos: int, currency: str | None):
    """(factor, end) of a magnitude at `pos`, or None."""
    m = rules().re_mult.match(text, pos)
    if not m:
        return None
    factor = multiplier(m.group("m"), m.group("sp") == "", currency)
    if factor is None and m.group("sp") == "" and m.group("m") == "m" and _unit_follows(text, m.end()):
        factor = 1e6  # "1.2m tonnes", "3m barrels": million before a unit ("7.62mm barrel" stays millimetres)
    return (factor, m.end()) if factor is not None else None


def _unit_follows(text: str, pos: int) -> bool:
    from claims.nlp.resolvers import units  # units of measure come after the magnitude

    return bool(re.match(SP + r"+\S", text[pos:pos + 2])) and units.match_unit(text, pos) is not None


# ---------------------------------------------------------------- number words


class _WordNumber:
    """Reads number words left to right ("three hundred and two dozen", "one million and a half");
    each word either extends the number, ends it, or finishes it as a fraction."""

    def __init__(self, tokens, i, r: NumberRules):
        self.tokens, self.r, self.n = tokens, r, len(tokens)
        self.total = self.cur = self.hund_base = 0.0
        self.last = None
        self.last_scale = None
        self.j = i

    def unit(self, w):
        u = self.r.units[w]
        if self.last in (None, "and", "hundred", "scale") or (self.last == "tens" and 0 < u < 10):
            self.cur += u
            self.last = "unit"
            return True
        return False

    def ten(self, w):
        if self.last in (None, "and", "hundred", "scale"):
            self.cur += self.r.tens[w]
            self.last = "tens"
            return True
        return False

    def hundred(self):
        if self.last in ("unit", "tens") and 0 < self.cur < 100:
            self.cur *= 100
            self.hund_base = self.cur
            self.last = "hundred"
            return True
        return False

    def scale(self, w):
        s = self.r.scales[w]
        if self.last in ("unit", "tens", "hundred", "dozen") and (self.last_scale is None or s < self.last_scale):
            self.total += self.cur * s
            self.cur = self.hund_base = 0.0
            self.last, self.last_scale = "scale", s
            return True
        return False

    def dozen(self):
        if self.last not in ("unit", "tens", "hundred"):
            return False
        # "three hundred and two dozen": the dozens are the part after the hundreds
        self.cur = self.cur * 12 if self.last == "hundred" else self.hund_base + (self.cur - self.hund_base) * 12
        self.last = "dozen"
        return True

    def and_(self):
        """True to go on after "and"; a (value, end, True) result for a fraction after it; False to stop."""
        j, tokens, r = self.j, self.tokens, self.r
        if j + 1 >= self.n or self.last is None:
            return False
        nxt = tokens[j + 1][0]
        frac = parse_fraction_tail(tokens, j + 1, r)
        if frac is None:
            if self.last in ("hundred", "scale") and (nxt in r.units or nxt in r.tens):
                self.last = "and"
                return True
            return False
        fval, k = frac
        if k < self.n and tokens[k][0] in r.scales:
            s2 = r.scales[tokens[k][0]]
            k += 1
            value = (self.total + self.cur + fval) * s2 if self.last_scale is None else self.total + self.cur + fval * s2
        elif self.last == "scale":
            value = self.total + self.cur + fval * self.last_scale  # "one million and a half"
        else:
            value = self.total + self.cur + fval
        return value, k, True

    def point(self):
        if self.last is None or self.last == "and":
            return False
        digits, k = decimal_digits(self.tokens, self.j + 1, self.r)
        if not digits:
            return False
        return self.total + self.cur + float("0." + digits), k, False

    def denominator(self, w):
        dens = self.r.denominators
        if self.last == "scale" and self.total > 1 and w.endswith("s") and dens[w] >= 100:
            return self.total / dens[w], self.j + 1, True  # "a hundred thousand trillionths"
        if self.last not in ("unit", "tens", "hundred") or self.cur <= 0:
            return False
        plural = w.endswith("s") and w != "halves"
        if self.cur == 1 and plural:
            return False
        if self.cur > 1 and not (plural or w == "halves"):
            return False
        return self.total + self.cur / dens[w], self.j + 1, True

    def step(self, w):
        r = self.r
        if w in r.units:
            return self.unit(w)
        if w in r.tens:
            return self.ten(w)
        if w == "hundred":
            return self.hundred()
        if w in r.scales:
            return self.scale(w)
        if w in r.dozen:
            return self.dozen()
        if w == "and":
            return self.and_()
        if w == "point":
            return self.point()
        if w in r.denominators:
            return self.denominator(w)
        return False

    def run(self, i):
        while self.j < self.n:
            out = self.step(self.tokens[self.j][0])
            if out is False:
                break
            if out is not True:
                return out
            self.j += 1
        j = self.j
        while j > i and self.tokens[j - 1][0] == "and":
            j -= 1
        if j == i or self.last is None:
            return None
        return self.total + self.cur, j, False


def _lead_word(tokens, i, r: NumberRules):
    """Numbers that start with "a", "half" or "quarter"; None when the general reader applies,
    False when there is no number here."""
    n = len(tokens)
    w0 = tokens[i][0]
    nxt = tokens[i + 1][0] if i + 1 < n else None
    if w0 in ("a", "an"):
        if nxt is not None and (nxt in ("hundred", "dozen") or nxt in r.scales):
            return None
        if nxt is not None and nxt in r.denominators and not nxt.endswith("s"):
            return 1.0 / r.denominators[nxt], i + 2, True
        return False
    if w0 == "quarter" and nxt in r.scales:
        return 0.25 * r.scales[nxt], i + 2, False
    if w0 == "half":
        k = i + 1
        if k < n and tokens[k][0] in ("a", "an"):
            k += 1
        if k < n and (tokens[k][0] in r.scales or tokens[k][0] in ("dozen", "hundred")):
            mult = r.scales.get(tokens[k][0]) or (12 if tokens[k][0] == "dozen" else 100)
            return 0.5 * mult, k + 1, False
        return 0.5, i + 1, True
    return None


def parse_words(tokens, i, r: NumberRules | None = None):
    """A number starting at tokens[i]: (value, j, is_fraction) with tokens[i:j] consumed, or None."""
    r = r or rules()
    lead = _lead_word(tokens, i, r)
    if lead is False:
        return None
    if lead is not None:
        return lead
    reader = _WordNumber(tokens, i, r)
    if tokens[i][0] in ("a", "an"):  # "a hundred", "a dozen", "a million"
        reader.cur, reader.last, reader.j = 1.0, "unit", i + 1
    return reader.run(i)


def _compound_denominator(tokens, i, k, r: NumberRules):
    """Where the denominator of a compound ordinal starts and its value: "twenty-fifth" (25),
    "hundred and fifth" (105); None when the ordinal at tokens[k] is simple."""
    w = tokens[k][0]
    plural = w.endswith("s") and w[:-1] in r.ordinals
    ov = r.ordinals[w[:-1] if plural else w]
    if ov < 10 and k - 1 > i and tokens[k - 1][0] in r.tens:
        return k - 1, r.tens[tokens[k - 1][0]] + ov, plural
    p = k - 1
    if p > i and tokens[p][0] == "and":
        p -= 1
    if ov < 100 and p - 1 > i and tokens[p][0] in ("hundred", "thousand") and 0 < r.units.get(tokens[p - 1][0], 0) < 10:
        return p - 1, r.units[tokens[p - 1][0]] * (100 if tokens[p][0] == "hundred" else 1000) + ov, plural
    return None


def parse_compound_fraction(tokens, i, text: str, r: NumberRules | None = None):
    """A fraction whose denominator is a compound ordinal: "one twenty-fifth" (1/25), "three twenty-firsts",
    "one hundred thirty-fifths" (100/35), "one one hundred and fifth" (1/105). Returns (value, j) or None."""
    r = r or rules()
    n = len(tokens)
    k = i
    while k < n:
        w = tokens[k][0]
        base = w[:-1] if w.endswith("s") and w[:-1] in r.ordinals else w
        if base in r.ordinals:
            break
        if not (w in r.units or w in r.tens or w == "hundred" or w in r.scales or w == "and" or (k == i and w in ("a", "an"))):
            return None
        k += 1
    else:
        return None
    found = _compound_denominator(tokens, i, k, r)
    if found is None:
        return None
    ds, dv, plural = found
    if ds <= i or "-" in text[tokens[ds - 1][2]:tokens[ds][1]]:
        return None  # "ninety-five hundred fifths": the hyphen binds "ninety-five hundred" (9500 / 5)
    if tokens[i][0] in ("a", "an") and ds == i + 1:
        numerator = 1.0
    else:
        parsed = parse_words(tokens[:ds], i, r)
        if parsed is None or parsed[1] != ds or parsed[2]:
            return None
        numerator = parsed[0]
    if (numerator == 1) == plural:
        return None
    if not plural and re.match(r"(?:\s+(?!of\b)[^\W\d_]|-\w)", text[tokens[k][2]:tokens[k][2] + 12]):
        return None  # "a twenty-first century": an ordinal adjective
    return numerator / dv, k + 1


def parse_fraction_tail(tokens, k, r: NumberRules):
    """'a half', 'three quarters', 'one fourth', 'fifty-four hundredths' after 'and': a proper fraction
    ("one hundred and thirty fifths" is 130/5, not 100 + 30/5)."""
    out = _fraction_tail(tokens, k, r)
    return out if out is not None and out[0] < 1 else None


def _fraction_tail(tokens, k, r: NumberRules):
    n = len(tokens)
    if k >= n:
        return None
    w = tokens[k][0]
    dens = r.denominators
    if w in ("a", "an", "one") and k + 1 < n and tokens[k + 1][0] in dens:
        return 1.0 / dens[tokens[k + 1][0]], k + 2
    num = r.units.get(w) or r.tens.get(w)
    if num and k + 1 < n and tokens[k + 1][0] in dens:
        return num / dens[tokens[k + 1][0]], k + 2
    if w in r.tens and k + 2 < n and 0 < r.units.get(tokens[k + 1][0], 0) < 10 and tokens[k + 2][0] in dens:
        return (num + r.units[tokens[k + 1][0]]) / dens[tokens[k + 2][0]], k + 3
    return None


def decimal_digits(tokens, k, r: NumberRules):
    """The digits after "point": "three point one four" -> "14"."""
    out = ""
    n = len(tokens)
    while k < n:
        w = tokens[k][0]
        if w in r.units and r.units[w] < 20:
            out += str(int(r.units[w]))
            k += 1
        elif w in r.tens:
            val = r.tens[w]
            if k + 1 < n and tokens[k + 1][0] in r.units and 0 < r.units[tokens[k + 1][0]] < 10:
                val += r.units[tokens[k + 1][0]]
                k += 1
            out += str(int(val))
            k += 1
        else:
            break
    return out, k


def small_number(word: str) -> int | None:
    """A count written as one word or digits, for date arithmetic ("three days ago", "a week")."""
    w = word.lower()
    if w in ("a", "an"):
        return 1
    if w.isdigit():
        return int(w)
    r = rules()
    v = r.units.get(w) or r.tens.get(w)
    return int(v) if v else None


# ---------------------------------------------------------------- digits

_RE_COMMA_DECIMAL = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_RE_DIGITS = re.compile(
    r"(?<![^\W_])(?<![.,]\d)(?P<neg>[-\u2212](?=\d|\.\d))?(?P<num>"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!,\d)"
    r"|\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?![\d]|,\d)"  # Indian grouping: 12,34,567.89
    r"|\d{1,3}(?:\.\d{3})+,\d+(?![\d]|[.,]\d)"  # European: 1.111,11
    r"|(?<!\d,)\d{1,3},\d{1,2}(?![\d]|[.,]\d)"  # decimal comma: 5,00 / 1,3 (not in a list "1,2,3")
    r"|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?(?![\d]|[.,]\d)"  # thin-space groups: 1 234 567
    r"|\d+(?:\.\d+)?"
    r"|\.\d+)"
    r"(?P<frac>" + SP + r"+\d{1,2}/\d{1,3}(?![\d/]))?"  # a mixed number: 2 1/4
    r"(?P<vulgar>[\u00bc-\u00be\u2150-\u215e])?"  # 2½
)
# The same number glued after a currency code of letters ("RM12.50", "Rs40"): the code is read by
# `money`, the digits here (elsewhere digits after letters are a code such as "A320").
_RE_DIGITS_AFTER_CODE = re.compile(_RE_DIGITS.pattern.replace(r"(?<![^\W_])", "", 1))
# Scientific notation: "3×10^8", "6.02 x 10^23", "1.6×10⁻¹⁹".
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_RE_SCIENTIFIC = re.compile(
    r"(?<![\w.,])(?P<m>\d+(?:\.\d+)?)" + SP + r"*[×xX*]" + SP + r"*10(?:\^(?P<e>[-\u2212]?\d{1,3})|(?P<sup>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))(?![\w])")
_RE_VULGAR = re.compile(r"(?<![\w])[\u00bc-\u00be\u2150-\u215e]")
_RE_SLASH_FRACTION = re.compile(r"(?<![\w/.,])(?P<neg>-)?(?P<a>\d{1,3})/(?P<b>\d{1,3})(?![\w/]|[.,]\d)")
RE_VULGAR_ANY = re.compile(r"[\u00bc-\u00be\u2150-\u215e]")


def to_float(raw: str) -> float | None:
    s = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in raw)
    if _RE_COMMA_DECIMAL.fullmatch(s) and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        s = s.replace(".", "").replace(",", ".")  # "1.111,11", "5,00": the comma is the decimal mark
    s = s.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    try:
        return float(s)
    except ValueError:
        return None


# ---------------------------------------------------------------- atoms


@dataclass(slots=True)
class Atom:
    start: int
    end: int
    value: float
    digits: bool  # written in digits (not words)
    raw: str
    fraction: bool = False

    @property
    def is_int(self) -> bool:
        return float(self.value).is_integer() and not self.fraction

    @property
    def year_like(self) -> bool:
        return self.digits and len(self.raw) == 4 and self.raw.isdigit() and 1000 <= self.value <= 2100


def _digit_atom(text: str, m: re.Match) -> Atom | None:
    raw = m.group("num")
    val = to_float(raw)
    if val is None:
        return None
    start, end = m.start(), m.end()
    if m.group("neg"):
        before = text[max(0, start - 1):start]
        if (before and (before.isalnum() or before in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")) or re.search(r"\d" + SP + r"+$", text[max(0, start - 4):start]):
            start = m.start("num")  # "75 -300mm": a range or list, not a negative number
        else:
            val = -val
    frac = False
    if m.group("frac"):
        a, b = m.group("frac").strip().split("/")
        if int(b) and int(a) < int(b):
            val = val + math.copysign(int(a) / int(b), val) if val else int(a) / int(b)
            frac = True
        else:
            end = m.end("num")
    if m.group("vulgar"):
        val = val + unicodedata.numeric(m.group("vulgar"))
        frac = True
    return Atom(start, end, val, True, raw, frac)


def _slash_atom(text: str, m: re.Match, r: NumberRules) -> Atom | None:
    a, b = int(m.group("a")), int(m.group("b"))
    if b == 0 or m.group(0).lstrip("-") in r.idioms:
        return None
    val = a / b
    if m.group("neg") and (m.start() == 0 or not text[m.start() - 1].isalnum()):
        val, start = -val, m.start()
    else:
        start = m.start("a")
    return Atom(start, m.end(), val, True, m.group(0), True)


def _word_atoms(text: str, m: re.Match, r: NumberRules, is_pronoun):
    tokens = word_tokens(m.group(0), m.start())
    i = 0
    while i < len(tokens):
        comp = parse_compound_fraction(tokens, i, text, r)
        if comp is not None:
            value, j = comp
            start, end = tokens[i][1], tokens[j - 1][2]
            yield Atom(start, end, value, False, text[start:end], True)
            i = j
            continue
        parsed = parse_words(tokens, i, r)
        if parsed is None:
            i += 1
            continue
        value, j, frac = parsed
        start, end = tokens[i][1], tokens[j - 1][2]
        if j == i + 1 and tokens[i][0] == "half" and r.re_half_compound.match(text, end):
            i = j
            continue  # "half-staff", "half-brother": a word, not a fraction
        if not (tokens[i][0] == "one" and j == i + 1 and is_pronoun(text, start, end)):
            yield Atom(start, end, value, False, text[start:end], frac)
        i = j


def _code_atoms(text: str):
    from claims.nlp.resolvers import money  # money reads currencies; numbers only needs where they end

    for m in money.rules().re_letter_code.finditer(text):
        d = _RE_DIGITS_AFTER_CODE.match(text, m.end())
        if d and not d.group("neg"):
            atom = _digit_atom(text, d)
            if atom is not None:
                yield atom


def _scientific_atoms(text: str):
    for m in _RE_SCIENTIFIC.finditer(text):
        exp = m.group("e") or m.group("sup").translate(_SUPERSCRIPTS)
        try:
            value = float(m.group("m")) * 10.0 ** int(exp.replace("\u2212", "-"))
        except (OverflowError, ValueError):
            continue
        yield Atom(m.start(), m.end(), value, True, m.group(0))


def find_atoms(text: str, scan: Scan, is_pronoun) -> list[Atom]:
    """Every number in the text, left to right, none nested in another. `is_pronoun(text, start,
    end)` says when a lone "one" is a pronoun ("the one you mentioned")."""
    r = rules()
    atoms: list[Atom] = []
    if scan["digit"]:
        atoms.extend(a for m in _RE_DIGITS.finditer(text) if (a := _digit_atom(text, m)) is not None)
        atoms.extend(_code_atoms(text))
        atoms.extend(_scientific_atoms(text))
    atoms.extend(Atom(m.start(), m.end(), unicodedata.numeric(m.group(0)), True, m.group(0), True) for m in _RE_VULGAR.finditer(text))
    if scan["digit"]:
        atoms.extend(a for m in _RE_SLASH_FRACTION.finditer(text) if (a := _slash_atom(text, m, r)) is not None)
    for m in finditer_in(r.re_word_run, text, windows(text, scan["numword"], 8, word_edges=True)):
        atoms.extend(_word_atoms(text, m, r, is_pronoun))
    atoms.sort(key=lambda a: (a.start, -a.end))
    # Drop atoms nested in a longer one (a slash fraction inside "2 1/4").
    out: list[Atom] = []
    for a in atoms:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out


def continue_number(text: str, value: float, end: int, last_mult: float):
    """Digits mixed with number words: "3 hundred and 21", "4 thousand 3 hundred", "6 crore and two hundred".
    A following part joins when it is smaller than the last multiplier and either comes after "and" or
    carries a smaller multiplier of its own. Returns (value, end, joined)."""
    r = rules()
    joined = False
    while last_mult > 1:
        m = _RE_CONT.match(text, end)
        if not m:
            break
        raw = m.group("n")
        if raw[0].isdigit():
            part, pend = float(raw), m.end("n")
        else:
            tokens = word_tokens(raw, m.start("n"))
            parsed = parse_words(tokens, 0, r) if tokens and tokens[0][0] not in ("a", "an", "and") else None
            if parsed is None or parsed[2]:
                break
            part, pend = parsed[0], tokens[parsed[1] - 1][2]
        mm = r.re_mult.match(text, pend)
        pmult = 1.0
        if mm and mm.group("sp") and mm.group("m").lower() in _CONT_SCALES:
            pmult = r.mult_words[mm.group("m").lower()]
            pend = mm.end()
        with_and = m.group("and").strip().lower() == "and"
        # bare digits join only a hundred ("3 hundred and 21"); "5 million and 300 staff" stays two numbers
        if part <= 0 or part * pmult >= last_mult or not (pmult > 1 or (with_and and (last_mult == 100 or not raw[0].isdigit()))):
            break
        value += part * pmult
        end = pend
        joined = True
        last_mult = pmult
    return value, end, joined


_RE_CONT = re.compile(r"(?P<and>\s+and\s+|\s+)(?P<n>\d+(?![\d.,]\d)|[^\W\d_]+(?:[\s\-]+[^\W\d_]+){0,4})", re.IGNORECASE)
_CONT_SCALES = ("hundred", "thousand", "million", "billion", "lakh", "crore")
