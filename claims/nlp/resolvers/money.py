"""Money: a currency sign or code before the amount ("$1.5m", "US$ 3 million", "€20") or a
currency name after it ("5 million euros", "2 million pounds"); value in currency units, unit
an ISO 4217 code. Vocabulary in claims/rules/currencies.json."""
from __future__ import annotations

import re
from functools import cache

from claims.nlp.resolvers.common import SP, alt, load, norm, phrase_alt


class MoneyRules:
    def __init__(self):
        cur = load("currencies.json")
        self.prefix: dict[str, str] = cur["prefix"]
        self.suffix = {norm(k): v for k, v in cur["suffix"].items()}
        self.pounds_money = cur["pounds_money"]
        self.suffix_needs_prefix = set(cur["suffix_needs_prefix"])
        self.suffix_spaced_only = set(cur["suffix_spaced_only"])
        # Codes of letters that may touch the digits: "RM12.50", "Rs40", "USD100".
        self.re_letter_code = re.compile(r"(?<![^\W_])(?:" + alt(c for c in self.prefix if c.isalpha()) + r")(?=\d)")
        self.re_prefix = re.compile(r"(?:(?<![^\W_])|^)(?P<c>" + alt(self.prefix) + r")" + SP + r"*$")
        self.re_suffix = re.compile(r"(?P<sp>" + SP + r"*)(?P<c>" + phrase_alt(self.suffix) + r")(?![^\W_])", re.IGNORECASE)
        self.re_pounds = re.compile(r"(?P<sp>" + SP + r"*)(?P<c>pounds?)(?P<st>" + SP + r"+sterling)?(?![^\W_])", re.IGNORECASE)


@cache
def rules() -> MoneyRules:
    return MoneyRules()


# A prefix is at most this long ("U.S.$ ").
_PREFIX_WINDOW = 6


def currency_before(text: str, start: int):
    """(ISO code, start of the sign) of a currency written just before a number, or (None, start)."""
    r = rules()
    window = text[max(0, start - _PREFIX_WINDOW):start]
    m = r.re_prefix.search(window)
    if m:
        return r.prefix[m.group("c")], start - (len(window) - m.start("c"))
    return None, start


def currency_after(text: str, pos: int, currency: str | None, mult: float):
    """(ISO code, end) of a currency name written after an amount, or None. "pounds" is money only
    with a magnitude ("2 million pounds"), "sterling" or a sign; otherwise it is a weight."""
    r = rules()
    m = r.re_pounds.match(text, pos)
    if m and (m.group("st") or mult >= 1e6 or currency):
        return currency or r.pounds_money, m.end()
    m = r.re_suffix.match(text, pos)
    if not m:
        return None
    word = m.group("c")
    lower = word.lower()
    if lower in r.suffix_spaced_only and not word.isupper() and m.group("sp") == "":
        return None
    if lower in r.suffix_needs_prefix and not currency:
        return None  # "won" after a number is the verb ("Liverpool 2 won") unless a sign says won
    return currency or r.suffix[norm(word)], m.end()
