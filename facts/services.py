"""Writes for facts/: which claims state the same fact, and their checks (across articles, and
inside one article). Keyword-only, typed; tasks and other stages' services call these."""
from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Count

from claims.models import Claim
from claims.nlp.reading import fact_key
from facts import comparison
from facts.locks import founding_locks
from facts.matching import (
    Candidates, article_candidates, facts_of_keys, figure, latest_per_source, placement, repeated_in_article, resolvable,
    unit_of,
)
from facts.models import Check, Fact, FactClaim
from facts.naming import fact_name
from facts.selectors import MemberWindow, members_recent, surviving_fact
from facts.writes import (
    CheckRow, CountChange, FactState, Snapshot, article_changes, article_snapshot, checks_save, fact_insert, facts_write,
    leaving_changes,
)


def claim_crosscheck(*, claim_id: int, touched: set[int] | None = None) -> list[Check]:
    """(Re)resolve one claim into its fact and check it against that fact's other sources (see
    `facts.matching.placement`). Idempotent: one check per pair (a unique key), and pair checks
    that no longer hold are deleted."""
    claim = Claim.objects.select_related("article__outlet").filter(id=claim_id).first()
    if claim is None:
        return []
    same_value = list(Claim.objects.filter(article_id=claim.article_id, kind=claim.kind, value=claim.value,
                                           date_value=claim.date_value))
    if resolvable(claim):
        founding_locks({_founding_key(claim)})
    _, rows = _claim_resolve(claim, repeats=repeated_in_article(claim, same_value), touched=touched,
                             membership=_UNREAD)
    checks = checks_save(rows)
    _stale_pairs_delete(claim_ids=[claim.id], keep={row.key for row in rows})
    return checks


def _claim_resolve(
    claim: Claim, *, repeats: Claim | None, touched: set[int] | None, membership=None, repeats_fact: int | None = None,
    new_members: list[FactClaim] | None = None, recent: Candidates | None = None,
    founding: dict[tuple[str, str, str], list[Fact]] | None = None,
) -> tuple[int | None, list[CheckRow]]:
    """Put the claim in its fact; returns the fact's id and the claim's pair checks: none for a
    figure its article has already given (it joins that figure's fact), else one against each
    piece of its evidence. `membership` is the claim's current one (read here when not given);
    `recent` its candidates when the caller read them (see `placement`), `founding` the existing
    facts of its key and place (see `_fact_found`)."""
    if membership is _UNREAD:
        membership = FactClaim.objects.filter(claim=claim).first()
    if repeats is not None:
        if repeats_fact is None:
            repeats_fact = FactClaim.objects.filter(claim=repeats).values_list("fact_id", flat=True).first()
        if repeats_fact is not None:
            return _fact_join(claim, repeats_fact, membership, touched, new_members), []
    # A claim an editor placed is judged within the fact they placed it in.
    kept = membership.fact_id if membership is not None and membership.placed_at is not None else None
    placed = placement(claim, within=kept, recent=recent)
    if not placed.resolvable:
        return _fact_join(claim, None, membership, touched, new_members), []
    fact_id = kept or placed.fact_id or _fact_found(claim, placed.facts_in_view, founding).id
    return _fact_join(claim, fact_id, membership, touched, new_members), ([] if repeats else _pair_rows(claim, placed.evidence))


def _pair_rows(claim: Claim, others: list[Claim]) -> list[CheckRow]:
    """The pair checks of one claim against its evidence, to be stored (see `checks_save`)."""
    rows = []
    if others:
        for other in others:
            verdict = comparison.compare(figure(claim), figure(other), unit=unit_of(claim))
            high, low = max(claim, other, key=lambda c: c.id), min(claim, other, key=lambda c: c.id)
            rows.append(CheckRow(f"pair:{high.id}:{low.id}", Check.Type.PAIR, high, [low], verdict))
    return rows


def _stale_pairs_delete(*, claim_ids: list[int], keep: set[str]) -> None:
    """Delete the pair checks the claims take part in that this run did not make again. Two
    indexed lookups (the claims' own checks, and the checks they are the other side of) rather
    than one OR across a join, which the databases answer with a scan."""
    pairs = Check.objects.filter(check_type=Check.Type.PAIR).order_by()
    others = Check.others.through.objects.filter(claim_id__in=claim_ids).values("check_id")
    # In one round trip: a UNION of the two.
    found = set(pairs.filter(claim_id__in=claim_ids).values_list("id", "key")
                .union(pairs.filter(id__in=others).values_list("id", "key")))
    stale = [check_id for check_id, key in found if key not in keep]
    if stale:
        Check.objects.filter(id__in=stale).delete()


def article_crosscheck(*, article_id: int) -> list[Check]:
    """All checks an article's claims take part in: against other articles, and inside it.
    The checks are written together (one upsert, their links, one signal for the mismatches),
    and each fact the article touched is refreshed once, its counts moved by what this article
    changed in it."""
    touched: set[int] = set()
    rows: list[CheckRow] = []
    claims = list(Claim.objects.select_related("article__outlet").filter(article_id=article_id).order_by("id"))
    # Before anything is read: an article founding facts of the same keys now goes first, and
    # this one then reads its claims and facts as they left them.
    keys = {_founding_key(c) for c in claims if resolvable(c)}
    founding_locks(keys)
    # The article's memberships in one query (they are also what its facts held of it before),
    # and the new ones written in one statement.
    memberships = {m.claim_id: m for m in FactClaim.objects.filter(claim__article_id=article_id)}
    outlet_id = claims[0].article.outlet_id if claims else None
    before = Snapshot.of(article_id, outlet_id, (m.fact_id for m in memberships.values()))
    joined: dict[int, int | None] = {}
    new_members: list[FactClaim] = []
    repeats_of = {claim.id: repeated_in_article(claim, claims) for claim in claims}
    # The candidates of every claim in one read for the article. Resolving a claim changes none
    # of them (they are other articles' claims), so reading them first reads what each claim's
    # own read would. A repeated figure mostly joins its statement's fact and reads none.
    recent = article_candidates([c for c in claims if repeats_of[c.id] is None and resolvable(c)],
                                settings.CROSSCHECK_FACT_RECENT_MEMBERS)
    # The facts of those keys in one query, kept as the loop founds more (under the locks above,
    # no one else founds any of them meanwhile).
    founding = facts_of_keys(keys)
    # Statements before the figures that repeat them: a repeat joins its statement's fact.
    for claim in sorted(claims, key=lambda c: (repeats_of[c.id] is not None, c.id)):
        repeats = repeats_of[claim.id]
        joined[claim.id], pairs = _claim_resolve(
            claim, repeats=repeats, touched=touched, membership=memberships.get(claim.id),
            repeats_fact=joined.get(repeats.id) if repeats else None, new_members=new_members,
            recent=recent.get(claim.id), founding=founding,
        )
        rows.extend(pairs)
    FactClaim.objects.bulk_create(new_members)
    # The article's own checks with its pair checks: one upsert, one signal (one read of the
    # webhooks' subscriptions, one insert of reviews) for all its mismatches.
    internal = _internal_rows(claims)
    checks = checks_save(rows + internal)
    _stale_pairs_delete(claim_ids=[c.id for c in claims], keep={row.key for row in rows})
    _stale_internal_delete(article_id=article_id, keep={row.key for row in internal})
    # What its facts hold of the article now is where each claim went (`joined`, every claim).
    after = Snapshot.of(article_id, outlet_id, joined.values())
    facts_refresh(changes=article_changes(before, touched, after=after))
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
    """`fact_refresh` of each fact, their newest members read together (see `members_recent`)."""
    fact_ids = sorted(changes)
    recent = members_recent(fact_ids, settings.CROSSCHECK_FACT_RECENT_MEMBERS)
    states = {fact_id: _fact_state(fact_id=fact_id, change=changes[fact_id], recent=recent[fact_id])
              for fact_id in fact_ids}
    gone = [fact_id for fact_id, state in states.items() if state is None]
    if gone:
        Fact.objects.filter(id__in=gone).delete()
    facts_write([state for state in states.values() if state is not None])


def article_internal_checks(*, article_id: int) -> list[Check]:
    """Parts that add up to a stated total, and unit conversions given in brackets."""
    claims = list(Claim.objects.filter(article_id=article_id).select_related("article__outlet"))
    rows = _internal_rows(claims)
    checks = checks_save(rows)
    _stale_internal_delete(article_id=article_id, keep={row.key for row in rows})
    return checks


def _internal_rows(claims: list[Claim]) -> list[CheckRow]:
    """The checks inside one article, of its claims (all of them, with their article)."""
    by_paragraph: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_paragraph[claim.paragraph].append(claim)
    rows: list[CheckRow] = []
    body = claims[0].article.body if claims else ""
    for group in by_paragraph.values():
        group = sorted(group, key=lambda c: c.start)
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
    return rows


def _stale_internal_delete(*, article_id: int, keep: set[str]) -> None:
    """Delete the article's own checks that this run did not make again."""
    Check.objects.filter(claim__article_id=article_id).exclude(check_type=Check.Type.PAIR).exclude(
        key__in=sorted(keep)
    ).delete()


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


def checks_drop_for_claims(*, claim_ids: list[int]) -> None:
    """Drop every check the claims take part in, on either side (a check whose other claim is
    gone would compare with nothing), and their memberships of facts."""
    Check.objects.filter(others__id__in=claim_ids).delete()
    Check.objects.filter(claim_id__in=claim_ids).delete()
    _leave_facts(claim_ids)


# --- facts ------------------------------------------------------------------------------------


# `_claim_resolve` reads the claim's membership itself.
_UNREAD = object()


def fact_resolve(*, claim: Claim, touched: set[int] | None = None) -> Fact | None:
    """Put a claim in the fact it states (see `facts.matching.placement`): an existing fact, else
    a new one of its key and place; a claim that no longer states a fact leaves its old one, and
    one an editor placed stays where it is. The facts it joined and left get their consensus
    again, now, or, when `touched` is given, once for all by the caller."""
    fact_id, _ = _claim_resolve(claim, repeats=None, touched=touched, membership=_UNREAD)
    return Fact.objects.get(id=fact_id) if fact_id is not None else None


def _fact_join(claim: Claim, fact_id: int | None, membership: FactClaim | None, touched: set[int] | None,
               new_members: list[FactClaim] | None) -> int | None:
    """Make the claim a member of `fact_id` (None: of no fact), unless an editor placed it; the
    facts it left and joined are refreshed (now, or by the caller: `touched`). A new membership
    goes into `new_members` for the caller to write, when given."""
    def refresh(fact: int) -> None:
        if touched is None:
            fact_refresh(fact_id=fact)
        else:
            touched.add(fact)

    if membership is not None and membership.placed_at is not None:
        # An editor put it there ("not this fact", a merge, facts/editing.py): it stays.
        refresh(membership.fact_id)
        return membership.fact_id
    if fact_id is None:
        if membership is not None:
            membership.delete()
            refresh(membership.fact_id)
        return None
    if membership is None:
        member = FactClaim(fact_id=fact_id, claim=claim)
        new_members.append(member) if new_members is not None else member.save()
    elif membership.fact_id != fact_id:
        FactClaim.objects.filter(id=membership.id).update(fact_id=fact_id)
        refresh(membership.fact_id)
    refresh(fact_id)
    return fact_id


def _fact_found(claim: Claim, facts_in_view: set[int],
                founding: dict[tuple[str, str, str], list[Fact]] | None = None) -> Fact:
    """The fact a claim founds: its key and place's existing fact when none of that fact's members
    were among the claim's candidates (it was merged away, or founded by a report being resolved
    at the same moment), else a new one beside those (the next `seq`). `founding` holds the
    existing facts of the caller's keys (`facts_of_keys`), and gets the one founded here."""
    place = claim.places[0].strip()[:200]
    key = _founding_key(claim)
    existing = (founding if founding is not None else facts_of_keys({key}))[key]
    for fact in existing:
        if fact.id not in facts_in_view:
            return surviving_fact(fact)  # a fact merged away sends its claims on
    seq = existing[-1].seq + 1 if existing else 0
    fact = fact_insert(Fact(
        kind=claim.kind, fact_key=claim.fact_key, place_key=key[2], seq=seq, place=place,
        unit=unit_of(claim).strip()[:20], about=_about(claim, place), event=claim.event[:200],
    ))
    if fact is None:
        # Another worker founded this number first: that one is the fact.
        fact = Fact.objects.get(kind=claim.kind, fact_key=claim.fact_key, place_key=key[2], seq=seq)
    existing.append(fact)  # the caller's `founding` knows it from now on
    return fact


def _founding_key(claim: Claim) -> tuple[str, str, str]:
    """The kind, key and place key of the facts a (resolvable) claim would found."""
    return claim.kind, claim.fact_key, claim.places[0].strip()[:200].casefold()


def fact_refresh(*, fact_id: int, change: CountChange | None = None) -> Fact | None:
    """Recompute a fact's consensus (low / best / high from the latest figure of each source
    among its most recent members, outliers) and its numbers of claims, articles and outlets; a
    fact left without members is deleted. Bounded: a fact of 300,000 claims reads as many rows
    as one of 200. A fact whose members all fit in that window is counted from them; a larger
    one has its counts moved by `change` (what the caller's claims changed in it), and is
    counted over all its members only when the caller cannot say what changed."""
    recent = members_recent([fact_id], settings.CROSSCHECK_FACT_RECENT_MEMBERS)[fact_id]
    state = _fact_state(fact_id=fact_id, change=change, recent=recent)
    if state is None:
        Fact.objects.filter(id=fact_id).delete()
        return None
    facts_write([state])
    return Fact.objects.get(id=fact_id)


def _fact_state(*, fact_id: int, change: CountChange | None, recent: MemberWindow) -> FactState | None:
    """What `fact_refresh` writes, given the fact's window of newest members (`members_recent`:
    only what the consensus reads, never their articles' texts or their sentences, so the
    refresh of a fact of a large story does not load its window's texts every time); None when
    it has none left (it is to be deleted)."""
    window = settings.CROSSCHECK_FACT_RECENT_MEMBERS
    if not recent.size:
        return None
    figures = [figure(c) for c in reversed(latest_per_source(recent.members))]
    try:
        consensus = comparison.consensus(figures)
        low, best, high, outliers = consensus.low, consensus.best, consensus.high, list(consensus.outliers)
    except ValueError:
        low = best = high = None
        outliers = []
    moved = False
    if recent.size < window:
        counts = CountChange(claims=recent.size, articles=recent.articles, outlets=recent.outlets)
    elif change is not None:
        counts, moved = change, True
    else:
        counted = Claim.objects.filter(fact_membership__fact_id=fact_id).aggregate(
            claims=Count("id"), articles=Count("article_id", distinct=True),
            outlets=Count("article__outlet_id", distinct=True),
        )
        counts = CountChange(**counted)
    return FactState(fact_id, low, best, high, outliers, recent.first_day, counts, moved)


def _leave_facts(claim_ids: list[int]) -> None:
    """The claims leave their facts; each fact is refreshed once, its counts moved by what left."""
    changes = leaving_changes(claim_ids)
    FactClaim.objects.filter(claim_id__in=claim_ids).delete()
    facts_refresh(changes=changes)


def _about(claim: Claim, place: str) -> str:
    """A readable name: what is counted, the event, where and when ("deaths · Paris attacks ·
    13 Nov 2015"), from the claim that founded the fact."""
    return fact_name(claim.kind, claim.subject, claim.predicate, claim.event, [place], claim.refers_start, unit_of(claim).strip())[:300]
