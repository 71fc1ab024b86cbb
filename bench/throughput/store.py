"""Stores of claims built fast, and the cost of resolving one new article against them.

A store is written with PostgreSQL's COPY (no NLP, no services): articles of ten claims each,
the claims' place index, facts and their members, and pair checks with open reviews for the
mismatches, as a working store has them. Its claims are drawn around the real probe articles'
own claims, so a probe meets stored claims of its facts:

- uniform: a claim in four restates one of the probes' facts, the rest are other facts, at places
  drawn with a long tail from the probes' places and a few hundred others;
- skewed: as uniform, but 30 % of all claims state one fact at one place, the fact the most
  probe articles report (the shape of a real store, where one death toll in one country is
  reported over and over).

The same seed gives the same store."""
from __future__ import annotations

import hashlib
import math
import random
import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from bench.throughput.texts import NewsText
from claims.models import Claim, ClaimPlace
from claims.nlp.reading import fact_key, key_variants
from claims.services import claim_fields, place_rows
from facts.models import Check, Fact, FactClaim
from facts.services import article_crosscheck
from review.models import Review
from sources.models import Article, Outlet

HOT_SHARE = 0.3
PROBE_FACT_SHARE = 0.25
ARTICLE_CLAIMS = 10
OUTLETS = 40
CHUNK = 20_000  # claims generated and copied at a time: memory stays flat at any size

_SYLLABLES = ["al", "ba", "ka", "dor", "mi", "ran", "sul", "te", "vo", "zan", "qa", "lin", "mar", "nor", "pe", "sha"]
_SUBJECTS = [
    "people", "civilian", "soldier", "child", "refugee", "migrant", "protester", "worker", "job", "home",
    "house", "building", "school", "hospital", "vehicle", "truck", "aircraft", "attack", "strike", "barrel",
    "tonne", "vote", "seat", "voter", "case", "patient", "dose", "student", "teacher", "family", "prisoner",
    "tourist", "passenger", "flight", "ship", "company", "shop", "farm", "tree", "animal",
]
_PREDICATES = [
    "kill", "injure", "displace", "arrest", "destroy", "damage", "build", "close", "open", "cut", "hire",
    "sell", "buy", "produce", "export", "import", "win", "lose", "infect", "vaccinate", "treat",
    "evacuate", "rescue", "release", "detain", "deploy", "launch", "carry",
]
_KINDS = [("count", 70), ("money", 10), ("percent", 12), ("measure", 8)]
_UNITS = {"money": ["USD", "EUR", "GBP"], "measure": ["m", "kg", "m2"]}


# --- copying rows -----------------------------------------------------------------------------


class Copier:
    """COPY rows into a model's table inside the current transaction. Rows are dicts of field
    attnames; a missing field takes its default, timestamps are now. Ids are given by the caller
    (COPY returns none), and the sequences are moved past them afterwards."""

    def __init__(self):
        connection.ensure_connection()
        self.connection = connection
        self.now = timezone.now()
        self.copied: dict[str, int] = {}

    def next_id(self, model) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
            return cursor.fetchone()[0]

    def copy(self, model, rows: Iterable[dict]) -> None:
        fields = model._meta.concrete_fields
        plan = []
        for f in fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                plan.append((f.attname, self.now, False))
            else:
                # get_default() is "" for a text field without one, None for other fields.
                plan.append((f.attname, f.get_default(), isinstance(f, models.JSONField)))
        columns = ", ".join(f'"{f.column}"' for f in fields)
        table = model._meta.db_table
        count = 0
        with self.connection.connection.cursor() as cursor:
            with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([
                        Jsonb(row.get(name, default)) if is_json else row.get(name, default)
                        for name, default, is_json in plan
                    ])
                    count += 1
        self.copied[table] = self.copied.get(table, 0) + count

    def move_sequences(self, *models_) -> None:
        with self.connection.cursor() as cursor:
            for model in models_:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'GREATEST((SELECT MAX(id) FROM "{table}"), 1))'
                )


# --- what the store is made of ----------------------------------------------------------------


@dataclass
class Template:
    """A claim's fields (as `claim_fields` gives them) to restate with other values and dates."""

    fields: dict
    place: str


@dataclass
class FactTotals:
    id: int
    kind: str
    fact_key: str
    place: str
    unit: str
    about: str
    members: int = 0
    low: float | None = None
    high: float | None = None
    total: float = 0.0
    numbers: int = 0
    first_day: date | None = None

    def add(self, value: float | None, day: date | None) -> None:
        self.members += 1
        if value is not None:
            self.low = value if self.low is None else min(self.low, value)
            self.high = value if self.high is None else max(self.high, value)
            self.total += value
            self.numbers += 1
        if day is not None and (self.first_day is None or day < self.first_day):
            self.first_day = day


@dataclass
class Built:
    shape: str
    claims: int
    seconds: float
    rows: dict = field(default_factory=dict)
    hot_fact: dict | None = None


def probe_templates(probes: list[tuple[NewsText, list]]) -> list[Template]:
    """The probe articles' claims that state a fact somewhere (a fact key, a subject, a place)."""
    templates = []
    for _text, found in probes:
        for paragraph, data in found:
            fields = claim_fields(data, paragraph=paragraph)
            if fields["fact_key"] and fields["places"] and (fields["subject"] or fields["kind"] == "date"):
                templates.append(Template(fields, fields["places"][0]))
    return templates


def hottest(probes: list[tuple[NewsText, list]], templates: list[Template]) -> Template | None:
    """The fact (kind, key, first place) that the most probe articles state: the skewed store's
    hot spot, so the probes that report it meet 30 % of the store."""
    articles: dict[tuple, set] = {}
    for number, (_text, found) in enumerate(probes):
        for paragraph, data in found:
            f = claim_fields(data, paragraph=paragraph)
            if f["fact_key"] and f["places"] and f["kind"] != "date":
                articles.setdefault((f["kind"], f["fact_key"], f["places"][0].casefold()), set()).add(number)
    if not articles:
        return None
    best = max(sorted(articles), key=lambda k: len(articles[k]))
    return next(t for t in templates if (t.fields["kind"], t.fields["fact_key"], t.place.casefold()) == best)


class StoreBuilder:
    def __init__(self, *, shape: str, templates: list[Template], hot: Template | None, seed: int):
        if shape not in ("uniform", "skewed"):
            raise ValueError(f"unknown store shape {shape!r}: uniform or skewed")
        if shape == "skewed" and hot is None:
            raise ValueError("a skewed store needs a probe claim that states a fact at a place")
        self.shape, self.templates, self.hot = shape, templates, hot
        self.rng = random.Random(f"{seed}:{shape}")
        generated = sorted({"".join(self.rng.choice(_SYLLABLES) for _ in range(3)).title() for _ in range(600)})
        self.places = sorted({t.place for t in templates}) + generated
        # A long tail, as real reporting has: a few places often, most rarely (no place holds a
        # large share of any one fact: that is the skewed shape's hot spot).
        self.place_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.places))]
        self.keys = []
        for subject in _SUBJECTS:
            for predicate in _PREDICATES:
                kind = self.rng.choices([k for k, _ in _KINDS], weights=[w for _, w in _KINDS])[0]
                unit = self.rng.choice(_UNITS[kind]) if kind in _UNITS else ""
                self.keys.append((kind, subject, predicate, unit, fact_key(kind, subject, predicate, unit)[:200]))
        days = [d for t in templates for d in (t.fields["refers_end"],) if d] or [date(2015, 6, 1)]
        self.first_day, self.last_day = min(days) - timedelta(days=900), max(days) + timedelta(days=900)

    # A claim of the store, as model fields (article and id set by the caller).
    def claim(self, slot: int) -> dict:
        rng = self.rng
        draw = rng.random()
        if self.shape == "skewed" and draw < HOT_SHARE:
            return self._restate(self.hot, place=self.hot.place, near=True, slot=slot)
        if self.templates and rng.random() < PROBE_FACT_SHARE:
            template = rng.choice(self.templates)
            place = rng.choices(self.places, weights=self.place_weights)[0]
            return self._restate(template, place=place, near=False, slot=slot)
        kind, subject, predicate, unit, key = rng.choice(self.keys)
        end = self.first_day + timedelta(days=rng.randrange((self.last_day - self.first_day).days))
        start = end - timedelta(days=rng.choice([0, 0, 1, 6, 30, 365]))
        value = float(round(10 ** rng.uniform(0, 5)))
        return dict(
            kind=kind, quote=f"{value:g}", sentence="A stored sentence with a figure in it.",
            start=slot * 40, end=slot * 40 + 5, value=value, low=value, high=value,
            qualifier=rng.choice(["exact", "exact", "approximate", "at_least"]), unit=unit,
            subject=subject, predicate=predicate, places=rng.choices(self.places, weights=self.place_weights),
            refers_start=start, refers_end=end, running_total=predicate in ("kill", "injure", "displace", "arrest"),
            paragraph=slot, fact_key=key,
        )

    def _restate(self, template: Template, *, place: str, near: bool, slot: int) -> dict:
        """The template's fact with another value and, for the hot fact, about the same days (so
        the probes' claims of it really compare with these); others anywhere in the window."""
        rng = self.rng
        fields = {k: v for k, v in template.fields.items()}
        fields.update(start=slot * 40, end=slot * 40 + 5, paragraph=slot, places=[place], role="",
                      sentence="A stored sentence restating a reported figure.")
        shift = timedelta(days=rng.randint(-2, 2)) if near else timedelta(days=rng.randint(-800, 800))
        for name in ("refers_start", "refers_end", "date_low", "date_high"):
            if fields.get(name):
                fields[name] = fields[name] + shift
        if fields["kind"] == "date":
            fields["date_value"] = fields["date_low"].isoformat() if fields.get("date_low") else fields["date_value"]
            fields["quote"] = fields["date_value"] or fields["quote"]
        elif fields.get("value") is not None:
            factor = rng.choice([1.0, 1.0, 1.0, rng.uniform(0.5, 1.5)])
            for name in ("value", "low", "high", "si_value", "si_low", "si_high"):
                if fields.get(name) is not None:
                    fields[name] = round(fields[name] * factor, 2)
            fields["quote"] = f"{fields['value']:g}"
        return fields

    def build(self, size: int) -> Built:
        """Write `size` claims (and their articles, place rows, facts, checks, reviews)."""
        started = time.perf_counter()
        with transaction.atomic():
            copier = Copier()
            outlets = [Outlet.objects.get_or_create(name=f"Store outlet {n}")[0].id for n in range(OUTLETS)]
            ids = {m: copier.next_id(m) for m in (Article, Claim, ClaimPlace, Fact, FactClaim, Check, Review)}
            ids["through"] = copier.next_id(Check.others.through)
            facts: dict[tuple, FactTotals] = {}
            last_member: dict[int, int] = {}  # fact id -> its latest claim id, for pair checks
            made = 0
            while made < size:
                chunk = min(CHUNK, size - made)
                articles, claims, places, members, checks, through, reviews = [], [], [], [], [], [], []
                for index in range(chunk):
                    slot = index % ARTICLE_CLAIMS
                    if slot == 0:
                        serial = ids[Article]
                        ids[Article] += 1
                        published = self.first_day + timedelta(days=self.rng.randrange((self.last_day - self.first_day).days))
                        body = f"Stored article {serial} of the {self.shape} store."
                        articles.append(dict(
                            id=serial, outlet_id=self.rng.choice(outlets), url=f"https://store.example/{serial}",
                            headline=f"Stored article {serial}", published=published, raw=body, body=body,
                            content_hash=hashlib.sha256(body.encode()).hexdigest(), status=Article.Status.PROCESSED,
                        ))
                    fields = self.claim(slot)
                    claim_id = ids[Claim]
                    ids[Claim] += 1
                    claims.append({**fields, "id": claim_id, "article_id": serial})
                    # The rows `place_rows` writes for a stored claim: every place under every
                    # variant of its key.
                    for key in key_variants(fields["fact_key"]):
                        for place in sorted({p.casefold() for p in fields["places"] if p.strip()}):
                            places.append(dict(id=ids[ClaimPlace], claim_id=claim_id, fact_key=key[:200],
                                               kind=fields["kind"], place=place[:200]))
                            ids[ClaimPlace] += 1
                    fact = self._fact(facts, ids, fields)
                    if fact is None:
                        continue
                    fact.add(fields.get("value"), fields.get("refers_start") or fields.get("date_low"))
                    members.append(dict(id=ids[FactClaim], fact_id=fact.id, claim_id=claim_id))
                    ids[FactClaim] += 1
                    other = last_member.get(fact.id)
                    last_member[fact.id] = claim_id
                    if other is not None and self.rng.random() < 0.5:
                        verdict = self.rng.choices(["consistent", "conflict", "updated"], weights=[6, 2.5, 1.5])[0]
                        check_id = ids[Check]
                        ids[Check] += 1
                        checks.append(dict(id=check_id, claim_id=claim_id, check_type="pair", key=f"pair:{claim_id}:{other}",
                                           verdict=verdict, score=round(self.rng.random(), 3),
                                           explanation=f"stored pair {claim_id} and {other}"))
                        through.append(dict(id=ids["through"], check_id=check_id, claim_id=other))
                        ids["through"] += 1
                        if verdict != "consistent":
                            reviews.append(dict(id=ids[Review], check_obj_id=check_id))
                            ids[Review] += 1
                copier.copy(Article, articles)
                copier.copy(Claim, claims)
                copier.copy(ClaimPlace, places)
                copier.copy(Check, checks)
                copier.copy(Check.others.through, through)
                copier.copy(Review, reviews)
                # Members refer to facts written at the end: the foreign keys are checked at commit.
                copier.copy(FactClaim, members)
                made += chunk
            copier.copy(Fact, (self._fact_row(f) for f in facts.values()))
            copier.move_sequences(Article, Claim, ClaimPlace, Fact, FactClaim, Check, Check.others.through, Review)
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load (since PostgreSQL 13 inserts alone trigger it):
            # statistics for the planner, and the visibility map that lets index-only scans (counts,
            # the ids of a deep page) skip the table.
            cursor.execute("VACUUM ANALYZE")
        hot = None
        if self.hot is not None and self.shape == "skewed":
            key = self.hot.fields["fact_key"]
            totals = facts.get((self.hot.fields["kind"], key, self.hot.place.casefold()))
            hot = {"kind": self.hot.fields["kind"], "fact_key": key, "place": self.hot.place,
                   "claims": totals.members if totals else 0}
        return Built(self.shape, size, round(time.perf_counter() - started, 2), dict(copier.copied), hot)

    def _fact(self, facts: dict, ids: dict, fields: dict) -> FactTotals | None:
        """The fact a claim states (kind, key, first place) as fact resolution files it."""
        place = fields["places"][0].strip()[:200] if fields["places"] else ""
        if not (fields["fact_key"] and place and (fields["subject"] or fields["kind"] == "date")):
            return None
        key = (fields["kind"], fields["fact_key"], place.casefold())
        fact = facts.get(key)
        if fact is None:
            what = [w for w in (fields["subject"], fields["predicate"]) if w]
            fact = facts[key] = FactTotals(
                id=ids[Fact], kind=fields["kind"], fact_key=fields["fact_key"], place=place,
                unit=(fields.get("si_unit") or fields.get("unit") or "")[:20], about=" · ".join([*what, place])[:300],
            )
            ids[Fact] += 1
        return fact

    @staticmethod
    def _fact_row(f: FactTotals) -> dict:
        best = round(f.total / f.numbers, 2) if f.numbers else None
        return dict(id=f.id, kind=f.kind, fact_key=f.fact_key, place=f.place, place_key=f.place.casefold(),
                    about=f.about, unit=f.unit, event_date=f.first_day, consensus_low=f.low, consensus_best=best,
                    consensus_high=f.high, outliers=[], articles=f.members, outlets=min(f.members, OUTLETS),
                    claims_total=f.members)


# --- resolving one new article ----------------------------------------------------------------


class ProbeTimeout(KeyboardInterrupt):
    """One article took longer than the probe's time limit to resolve. Raised by a timer, so it
    can land in the middle of a query: as a KeyboardInterrupt, psycopg cancels that query on the
    server instead of leaving the connection busy, and no `except Exception` in the code under
    measurement can take it for an error of its own."""


def _alarm(_signum, _frame):
    raise ProbeTimeout


def resolve_cost(probes: list[tuple[NewsText, list]], *, timeout: float, warm_up: int = 0) -> dict:
    """Milliseconds of `article_crosscheck` (the facts stage's public entry point: checks, fact
    resolution and what it signals) for one new article whose claims are stored, per probe; each
    in a transaction rolled back afterwards, so the store stays the size measured. The first
    `warm_up` probes run once untimed. A probe over `timeout` seconds is stopped, counted at the
    limit, and the remaining probes at this size are not run (their figure could only be worse)."""

    def one(number: int, text: NewsText, found: list) -> tuple[float, int]:
        with transaction.atomic():
            outlet, _ = Outlet.objects.get_or_create(name=text.outlet[:200])
            article = Article.objects.create(
                outlet=outlet, url=text.url, headline=text.headline, published=text.published, raw=text.raw,
                body=text.body, content_hash=hashlib.sha256(f"probe {number} {text.body}".encode()).hexdigest(),
                status=Article.Status.EXTRACTED,
            )
            claims = Claim.objects.bulk_create(
                [Claim(article=article, **claim_fields(data, paragraph=paragraph)) for paragraph, data in found]
            )
            ClaimPlace.objects.bulk_create(place_rows(claims))
            start = time.perf_counter()
            try:
                signal.signal(signal.SIGALRM, _alarm)
                signal.setitimer(signal.ITIMER_REAL, timeout)
                checks = article_crosscheck(article_id=article.id)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                seconds = time.perf_counter() - start
                transaction.set_rollback(True)
        return seconds, len(checks)

    for number, (text, found) in enumerate(probes[:warm_up]):
        try:
            one(-1 - number, text, found)
        except ProbeTimeout:
            connection.close()  # a fresh connection for what follows, whatever the interrupted one holds
            break
    timings, checks, timed_out = [], [], None
    for number, (text, found) in enumerate(probes):
        try:
            seconds, made = one(number, text, found)
        except ProbeTimeout:
            connection.close()
            timed_out = text.name
            timings.append(timeout)
            break
        timings.append(seconds)
        checks.append(made)
    return {
        "probes": len(timings),
        "p50_ms": ms(percentile(timings, 0.5)),
        "p95_ms": ms(percentile(timings, 0.95)),
        "max_ms": ms(max(timings)) if timings else None,
        "checks_per_article": round(sum(checks) / len(checks), 1) if checks else None,
        "timed_out": timed_out,
        "timeout_s": timeout,
    }


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank: the value at or below which `share` of the samples lie."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)
