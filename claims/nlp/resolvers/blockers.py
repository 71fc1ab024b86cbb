"""What looks like a number but is not a quantity: times of day, phone numbers, codes and
model names, ordinals, version numbers, numbered items and idioms ("24/7", "9/11"). Each blocker
is a candidate without a quantity: it takes its characters, so no number is read inside it.
Patterns in claims/rules/blockers.json; idioms in numbers.json."""
from __future__ import annotations

import re
from functools import cache

from claims.nlp.resolvers import numbers
from claims.nlp.resolvers.common import DASH, DASH_CLS, PRIO_BLOCK, PRIO_BLOCK_STRONG, SP, Ctx, alt, expand, finditer_in, load, windows

# Every blocker holds a digit: they run only this far around digit runs.
_MARGIN = 24


@cache
def _patterns() -> list[tuple[re.Pattern, int]]:
    parts = {"SP": SP, "DASH": DASH, "DASH_CLS": DASH_CLS}
    out = [(re.compile(expand(b["pattern"], parts)), PRIO_BLOCK_STRONG if b.get("strong") else PRIO_BLOCK)
           for b in load("blockers.json")["blockers"]]
    out.append((re.compile(r"(?<![\w/])(?:" + alt(numbers.rules().idioms) + r")(?![\w/])"), PRIO_BLOCK_STRONG))
    return out


def block(ctx: Ctx) -> None:
    spans = windows(ctx.text, ctx.scan["digit"], _MARGIN, word_edges=True)
    for rx, prio in _patterns():
        for m in finditer_in(rx, ctx.text, spans):
            ctx.add(m.start(), m.end(), prio, None)
