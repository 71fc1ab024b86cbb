"""Writes for facts/: which claims state the same fact, and their checks (across articles, and
inside one article). Keyword-only, typed; tasks and other stages' services call these."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Count, F

from claims.models import Claim, ClaimPlace
from claims.nlp.about import event_names
from claims.nlp.reading import fact_key, key_is_specific, key_variants, keys_compatible
from facts import comparison
from facts.comparison import Figure, Verdict
from facts.models import Check, Fact, FactClaim
from facts.naming import fact_name
from facts.selectors import surviving_fact
from facts.writes import CheckRow, CountChange, article_changes, article_snapshot, checks_save, leaving_changes
from sources.models import Article


def figure(claim: Claim) -> Figure:
    """A claim as the comparison sees it: dates as day numbers, measures in SI units."""
    article = claim.article
    common = dict(
        claim_id=claim.id,
        kind=claim.kind,
        qualifier=claim.qualifier,
        published=article.published,
        running_total=claim.running_total,
        attributed_to=claim.attributed_to,
        outlet=article.outlet.name,
        quote=claim.quote,
    )
    if claim.kind == "date":
        low = claim.date_low.toordinal() if claim.date_low else None
        high = claim.date_high.toordinal() if claim.date_high else None
        known = [d for d in (low, high) if d is not None]
        middle = sum(known) / len(known) if known else None
        return Figure(value=middle, low=low, high=high, display=claim.date_value, **common)
    if claim.si_unit and claim.si_value is not None:
        return Figure(value=claim.si_value, low=claim.si_low, high=claim.si_high, **common)
    return Figure(value=claim.value, low=claim.low, high=claim.high, **common)


def _unit(claim: Claim) -> str:
    if claim.kind == "percent":
        return "%"
    if claim.si_unit:
        return f" {claim.si_unit}"
    return f" {claim.unit}" if claim.unit else ""


def same_fact(a: Claim, b: Claim) -> bool:
    """Two claims with compatible fact keys (see `keys_compatible`) state the same fact when they
    are about a shared place or event and, if both say when, about the same stretch of time."""
    if a.article_id == b.article_id or not keys_compatible(a.fact_key, b.fact_key):
        return False
    # A forecast is not a count, the trips by 11 a.m. are not the day's, 140 new deaths are not
    # the toll; and hurricane Maria's dead are not hurricane Harvey's.
    if hard_scope(a.scope) != hard_scope(b.scope):
        return False
    names_a, names_b = event_names(a.event), event_names(b.event)
    if names_a and names_b and not names_a & names_b:
        return False
    if not plausibly_one_figure(a, b) or not same_time(a, b):
        return False
    places_a = {p.casefold() for p in a.places}
    places_b = {p.casefold() for p in b.places}
    if not places_a & places_b:
        return False
    if a.kind != "date" and all((a.refers_start, a.refers_end, b.refers_start, b.refers_end)):
        start = max(a.refers_start, b.refers_start)
        end = min(a.refers_end, b.refers_end)
        if start > end:
            return False
        shared = (end - start).days + 1
        longest = max((a.refers_end - a.refers_start).days, (b.refers_end - b.refers_start).days) + 1
        # "16 attacks last month" is not the same figure as "329 attacks since 2011".
        if shared / longest < 0.5:
            return False
    return True


def plausibly_one_figure(a: Claim, b: Claim) -> bool:
    """Whether two figures are close enough to be reports of one figure: a toll grows between
    reports and outlets disagree, but 5 victims identified are not a toll of 30, nor 64 official
    deaths a study's estimate of 4,645 (at most CROSSCHECK_FACT_MAX_RATIO apart). Dates are
    told apart by the time they refer to."""
    if a.kind == "date":
        return True
    low, high = sorted(abs(f.value or 0) for f in (figure(a), figure(b)))
    if low == 0:
        return high == 0
    return high / low <= settings.CROSSCHECK_FACT_MAX_RATIO


# Figures standing as of dates farther apart than this are of different times, whatever else
# agrees: "the 1934 quake killed 8,500" is not this week's toll of the quake.
AS_OF_APART_DAYS = 365


def as_of(claim: Claim) -> date | None:
    """The day a figure stands as of: the end of the time it refers to, else the day its article
    was published (a figure with no time said, or "since 2011", is a figure of now)."""
    if claim.kind == "date":
        return None
    return claim.refers_end or claim.article.published


def same_time(a: Claim, b: Claim) -> bool:
    day_a, day_b = as_of(a), as_of(b)
    return day_a is None or day_b is None or abs((day_a - day_b).days) <= AS_OF_APART_DAYS


def hard_scope(scope: str) -> str:
    """Scopes that make another fact whatever else agrees ("only" is told by the places)."""
    return scope if scope in ("forecast", "part of day", "increment") else ""


def candidates(claim: Claim):
    """Claims elsewhere that may state the same fact: an indexed equality on the fact key, so the
    cost does not grow with the number of claims stored."""
    story = claim.article.story_id
    places = {p.casefold() for p in claim.places}
    about_a_shared_place = ClaimPlace.objects.filter(
        fact_key__in=key_variants(claim.fact_key), kind=claim.kind, place__in=places
    ).values("claim_id")
    return (
        Claim.objects.filter(id__in=about_a_shared_place)
        .exclude(article_id=story)
        .exclude(article__copy_of_id=story)
        .exclude(article_id=claim.article_id)
        .select_related("article__outlet")
        # Only what the comparison reads of each article: a store where one place has tens of
        # thousands of claims must not load as many article texts.
        .defer("article__body", "article__raw")
    )


def evidence(claim: Claim) -> list[Claim]:
    """The claims a claim is judged against: of the most recent candidates that state its fact,
    those of the latest article of each other independent source (an outlet counts once, copies
    of one wire story are one source), at most CROSSCHECK_FACT_EVIDENCE_SOURCES sources. Bounded
    whatever the store holds: a place with tens of thousands of claims of one key costs as much
    as one with ten."""
    if repeats_earlier(claim):
        return []
    recent = candidates(claim).order_by("-id")[: settings.CROSSCHECK_FACT_RECENT_MEMBERS]
    fitting = [o for o in recent if same_fact(claim, o) and not syndicated(claim.article, o.article)]
    # One figure of each source's latest article: the one that reads most like this claim (the
    # same places, the same counted thing), else its first, as a story leads with its figure.
    # Every other figure of that article under the key would be compared as the same fact too
    # and raise a mismatch for each.
    by_article: dict[int, list[Claim]] = defaultdict(list)
    for other in fitting:
        by_article[other.article_id].append(other)
    best = [max(group, key=lambda o: _likeness(claim, o)) for group in by_article.values()]
    return latest_per_source(best)[: settings.CROSSCHECK_FACT_EVIDENCE_SOURCES]


def _likeness(claim: Claim, other: Claim) -> tuple:
    places = {p.casefold() for p in claim.places}
    other_places = {p.casefold() for p in other.places}
    return (places == other_places, claim.subject == other.subject, claim.predicate == other.predicate, -other.start)


def repeats_earlier(claim: Claim) -> bool:
    """Whether an earlier figure of the claim's own article states the same thing (a compatible
    key, a shared place, the same value: "Seventeen ... 17"): a repeated figure is one
    statement, judged once."""
    earlier = Claim.objects.filter(
        article_id=claim.article_id, kind=claim.kind, start__lt=claim.start, value=claim.value,
        date_value=claim.date_value,
    ).only("fact_key", "places")
    places = {p.casefold() for p in claim.places}
    return any(
        keys_compatible(claim.fact_key, e.fact_key) and places & {p.casefold() for p in e.places} for e in earlier
    )


def latest_per_source(claims: list[Claim]) -> list[Claim]:
    """The latest figure of each independent source, latest first: an outlet counts once, and
    so do the copies of one wire story printed by several outlets."""
    chosen, outlets, stories = [], set(), set()
    for claim in sorted(claims, key=_published_order, reverse=True):
        article = claim.article
        if article.outlet_id in outlets or article.story_id in stories:
            continue
        outlets.add(article.outlet_id)
        stories.add(article.story_id)
        chosen.append(claim)
    return chosen


def _published_order(claim: Claim) -> tuple:
    return (claim.article.published or date.min, claim.id)


def claim_crosscheck(*, claim_id: int, touched: set[int] | None = None) -> list[Check]:
    """(Re)check one claim against the other sources of its fact (see `evidence`). Idempotent:
    one check per pair (a unique key), and pair checks that no longer hold are deleted."""
    claim = Claim.objects.select_related("article__outlet").filter(id=claim_id).first()
    if claim is None:
        return []
    others = judged_against(claim)
    rows = _pair_rows(claim, others)
    checks = checks_save(rows)
    _stale_pairs_delete(claim_ids=[claim.id], keep={row.key for row in rows})
    fact_resolve(claim=claim, touched=touched, evidence=others)
    return checks


def judged_against(claim: Claim) -> list[Claim]:
    """The claim's evidence, when its key and places say enough to have any."""
    return evidence(claim) if key_is_specific(claim.fact_key) and claim.places else []


def _pair_rows(claim: Claim, others: list[Claim]) -> list[CheckRow]:
    """The pair checks of one claim against its evidence, to be stored (see `checks_save`)."""
    rows = []
    if others:
        for other in others:
            verdict = comparison.compare(figure(claim), figure(other), unit=_unit(claim))
            high, low = max(claim, other, key=lambda c: c.id), min(claim, other, key=lambda c: c.id)
            rows.append(CheckRow(f"pair:{high.id}:{low.id}", Check.Type.PAIR, high, [low], verdict))
    return rows


def _stale_pairs_delete(*, claim_ids: list[int], keep: set[str]) -> None:
    """Delete the pair checks the claims take part in that this run did not make again. Two
    indexed lookups (the claims' own checks, and the checks they are the other side of) rather
    than one OR across a join, which the databases answer with a scan."""
    pairs = Check.objects.filter(check_type=Check.Type.PAIR)
    found = set(pairs.filter(claim_id__in=claim_ids).values_list("id", "key"))
    found |= set(pairs.filter(id__in=Check.others.through.objects.filter(claim_id__in=claim_ids).values("check_id"))
                 .values_list("id", "key"))
    stale = [check_id for check_id, key in found if key not in keep]
    if stale:
        Check.objects.filter(id__in=stale).delete()


def syndicated(a: Article, b: Article) -> bool:
    """Two printings of one wire story are one source: they never confirm or contradict each
    other."""
    return a.story_id == b.story_id


def article_crosscheck(*, article_id: int) -> list[Check]:
    """All checks an article's claims take part in: against other articles, and inside it.
    The checks are written together (one upsert, their links, one signal for the mismatches),
    and each fact the article touched is refreshed once, its counts moved by what this article
    changed in it."""
    before = article_snapshot(article_id=article_id)
    touched: set[int] = set()
    rows: list[CheckRow] = []
    claims = list(Claim.objects.select_related("article__outlet").filter(article_id=article_id).order_by("id"))
    for claim in claims:
        others = judged_against(claim)
        rows.extend(_pair_rows(claim, others))
        fact_resolve(claim=claim, touched=touched, evidence=others)
    checks = checks_save(rows)
    _stale_pairs_delete(claim_ids=[c.id for c in claims], keep={row.key for row in rows})
    facts_refresh(changes=article_changes(before, touched))
    checks.extend(article_internal_checks(article_id=article_id))
    return checks


def claim_recheck(*, claim_id: int) -> list[Check]:
    """Re-run the checks of one claim (after an editor's correction) and its article's own
    checks, with the facts it left or joined refreshed once, their counts moved by the change."""
    article_id = Claim.objects.filter(id=claim_id).values_list("article_id", flat=True).first()
    if article_id is None:
        return []
    before = article_snapshot(article_id=article_id)
    touched: set[int] = set()
    checks = claim_crosscheck(claim_id=claim_id, touched=touched)
    facts_refresh(changes=article_changes(before, touched))
    checks.extend(article_internal_checks(article_id=article_id))
    return checks


def facts_refresh(*, changes: dict[int, CountChange]) -> None:
    for fact_id in sorted(changes):
        _fact_refresh(fact_id=fact_id, change=changes[fact_id])


def article_internal_checks(*, article_id: int) -> list[Check]:
    """Parts that add up to a stated total, and unit conversions given in brackets."""
    claims = list(Claim.objects.filter(article_id=article_id).select_related("article__outlet"))
    by_paragraph: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_paragraph[claim.paragraph].append(claim)
    rows: list[CheckRow] = []
    body = claims[0].article.body if claims else ""
    for group in by_paragraph.values():
        group.sort(key=lambda c: c.start)
        for index, claim in enumerate(group):
            if claim.role == "total" and claim.kind == "count":
                parts = addends(group[:index])
                if parts:
                    verdict = comparison.sum_check(figure(claim), [figure(p) for p in parts])
                    key = f"sum:{claim.id}:{','.join(str(p.id) for p in parts)}"
                    rows.append(CheckRow(key, Check.Type.SUM, claim, parts, verdict))
            following = group[index + 1] if index + 1 < len(group) else None
            if (
                following is not None
                and claim.kind == following.kind == "measure"
                and claim.si_unit and claim.si_unit == following.si_unit
                and claim.unit != following.unit
                and body[claim.end : following.start].strip() == "("
            ):
                verdict = comparison.conversion_check(
                    figure(claim), claim.si_value, figure(following), following.si_value,
                    si_unit=claim.si_unit,
                )
                key = f"conversion:{claim.id}:{following.id}"
                rows.append(CheckRow(key, Check.Type.CONVERSION, claim, [following], verdict))
    checks = checks_save(rows)
    Check.objects.filter(claim__article_id=article_id).exclude(check_type=Check.Type.PAIR).exclude(
        key__in=[row.key for row in rows]
    ).delete()
    return checks


def addends(before: list[Claim]) -> list[Claim]:
    """The figures a stated total adds up: the counts marked as additional ("six other attacks")
    and the first figure they add to, of the same kind of thing; breakdowns ("five of which")
    are not addends."""
    counts = [c for c in before if c.kind == "count" and c.role in ("", "part") and c.subject]
    marked = [i for i, c in enumerate(counts) if c.role == "part"]
    if not marked:
        return []
    first = marked[0]
    base = [counts[first - 1]] if first > 0 else []
    parts = base + [counts[i] for i in marked]
    heads = {fact_key("count", c.subject, "").split("|")[1] for c in parts}
    return parts if len(parts) >= 2 and len(heads) == 1 else []


def _save_check(key: str, check_type: str, claim: Claim, others: list[Claim], verdict: Verdict) -> Check:
    """One check stored (the batched `checks_save` of one row)."""
    return checks_save([CheckRow(key, check_type, claim, others, verdict)])[0]


def checks_drop_for_claims(*, claim_ids: list[int]) -> None:
    """Drop every check the claims take part in, on either side (a check whose other claim is
    gone would compare with nothing), and their memberships of facts."""
    Check.objects.filter(others__id__in=claim_ids).delete()
    Check.objects.filter(claim_id__in=claim_ids).delete()
    _leave_facts(claim_ids)


# --- facts ------------------------------------------------------------------------------------


def fact_resolve(*, claim: Claim, touched: set[int] | None = None, evidence: list[Claim] = ()) -> Fact | None:
    """Put a claim in the fact it states: the fact of the claims it was judged against (its
    evidence, most alike first), else the fact of its kind, fact key and the place its phrase
    names first, founding it if it is new; a claim that no longer states a fact leaves its old one.
    The facts it joined and left get their consensus again, now, or, when `touched` is given,
    once for all by the caller (an article's claims often state one fact several times)."""
    def refresh(fact_id: int) -> None:
        if touched is None:
            fact_refresh(fact_id=fact_id)
        else:
            touched.add(fact_id)

    membership = FactClaim.objects.filter(claim=claim).select_related("fact").first()
    if membership is not None and membership.placed_at is not None:
        # An editor put it there ("not this fact", a merge, facts/editing.py): it stays.
        refresh(membership.fact_id)
        return membership.fact
    place = claim.places[0].strip()[:200] if claim.places else ""
    if not (key_is_specific(claim.fact_key) and place):
        if membership:
            membership.delete()
            refresh(membership.fact_id)
        return None
    # Not a fact an editor took a claim out into ("not this fact"): that one is the claim's own.
    joined = FactClaim.objects.filter(claim_id__in=[o.id for o in evidence], placed_at__isnull=True).select_related("fact")
    by_claim = {m.claim_id: m.fact for m in joined}
    fact = next((by_claim[o.id] for o in evidence if o.id in by_claim), None)
    fact = fact or Fact.objects.get_or_create(
        kind=claim.kind, fact_key=claim.fact_key, place_key=place.casefold(),
        defaults={"place": place, "unit": _unit(claim).strip()[:20], "about": _about(claim, place)},
    )[0]
    fact = surviving_fact(fact)  # a fact an editor merged away sends its claims to the one it went into
    if membership is None:
        FactClaim.objects.create(fact=fact, claim=claim)
    elif membership.fact_id != fact.id:
        left = membership.fact_id
        FactClaim.objects.filter(id=membership.id).update(fact=fact)
        refresh(left)
    refresh(fact.id)
    return fact


# What `figure`, `latest_per_source` and the counts read of a member.
CONSENSUS_FIELDS = (
    "id", "article_id", "kind", "qualifier", "running_total", "attributed_to", "quote", "value", "low", "high",
    "date_value", "date_low", "date_high", "si_unit", "si_value", "si_low", "si_high", "refers_start",
    "article__id", "article__published", "article__copy_of_id", "article__outlet_id", "article__outlet__id",
    "article__outlet__name",
)


def fact_refresh(*, fact_id: int, change: CountChange | None = None) -> Fact | None:
    """Recompute a fact's consensus (low / best / high from the latest figure of each source
    among its most recent members, outliers) and its numbers of claims, articles and outlets; a
    fact left without members is deleted. Bounded: a fact of 300,000 claims reads as many rows
    as one of 200. A fact whose members all fit in that window is counted from them; a larger
    one has its counts moved by `change` (what the caller's claims changed in it), and is
    counted over all its members only when the caller cannot say what changed."""
    return Fact.objects.get(id=fact_id) if _fact_refresh(fact_id=fact_id, change=change) else None


def _fact_refresh(*, fact_id: int, change: CountChange | None) -> bool:
    """`fact_refresh` without reading the fact back; False if it was deleted."""
    members = Claim.objects.filter(fact_membership__fact_id=fact_id)
    window = settings.CROSSCHECK_FACT_RECENT_MEMBERS
    recent = list(
        members.select_related("article__outlet")
        # Only what the consensus reads: the members' articles are joined for their date, outlet
        # and story, never their texts, and the claims' sentences stay in the database too (the
        # refresh of a fact of a large story loads its whole window of members every time).
        .only(*CONSENSUS_FIELDS)
        .order_by("-fact_membership__id")[:window]
    )
    if not recent:
        Fact.objects.filter(id=fact_id).delete()
        return False
    figures = [figure(c) for c in reversed(latest_per_source(recent))]
    try:
        consensus = comparison.consensus(figures)
        low, best, high, outliers = consensus.low, consensus.best, consensus.high, list(consensus.outliers)
    except ValueError:
        low = best = high = None
        outliers = []
    kind = recent[0].kind
    dated = [c.date_low for c in recent if c.date_low] if kind == "date" else [c.refers_start for c in recent if c.refers_start]
    if len(recent) < window:
        counts = dict(claims_total=len(recent), articles=len({c.article_id for c in recent}),
                      outlets=len({c.article.outlet_id for c in recent}))
    elif change is not None:
        counts = dict(claims_total=F("claims_total") + change.claims, articles=F("articles") + change.articles,
                      outlets=F("outlets") + change.outlets)
    else:
        counts = members.aggregate(
            claims_total=Count("id"), articles=Count("article_id", distinct=True),
            outlets=Count("article__outlet_id", distinct=True),
        )
    Fact.objects.filter(id=fact_id).update(
        consensus_low=low, consensus_best=best, consensus_high=high, outliers=outliers,
        event_date=min(dated) if dated else None, **counts,
    )
    return True


def _leave_facts(claim_ids: list[int]) -> None:
    """The claims leave their facts; each fact is refreshed once, its counts moved by what left."""
    changes = leaving_changes(claim_ids)
    FactClaim.objects.filter(claim_id__in=claim_ids).delete()
    facts_refresh(changes=changes)


def _about(claim: Claim, place: str) -> str:
    """A readable name: what is counted, the event, where and when ("deaths · Paris attacks ·
    13 Nov 2015"), from the claim that founded the fact."""
    return fact_name(claim.kind, claim.subject, claim.predicate, claim.event, [place], claim.refers_start, _unit(claim).strip())[:300]
