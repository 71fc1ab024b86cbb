"""The review desk's own admin pages: the compare page of a check (with its review and assignment
forms), an article read with its claims inline, and a fact's timeline. Thin: reads come from
review.selectors, writes go through the services, permissions are the admin's own."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from claims.models import Claim
from facts.models import Check, Fact, FactClaim
from facts.selectors import surviving_fact
from review import selectors
from review.highlighting import Excerpt, Mark, excerpt, highlight
from review.models import Decision, Review
from review.ratings import scale
from review.services import (
    PUBLISHABLE,
    DecisionError,
    ReviewError,
    claimreview_draft,
    claimreview_publish,
    decision_make,
    fact_assign,
    queue_seen,
    review_assign,
    review_resolve,
)
from review.timeline_svg import Point, format_figure, timeline_svg
from sources.models import Article, Outlet
from sources.services import IngestError, article_ingest, article_requeue, fetch_submit
from workbench.display import shown_time
from workbench.platform.roles import can_review

REVIEW_BUTTONS = [
    (Review.Status.CONFIRMED, "Confirm", "The mismatch is real"),
    (Review.Status.DISMISSED, "Dismiss", "Not a real mismatch (mis-read, different facts)"),
    (Review.Status.RESOLVED, "Resolve", "Dealt with: corrected, explained or published"),
    (Review.Status.OPEN, "Reopen", "Back to the queue"),
]


def fact_url(key: str, kind: str, place: str = "") -> str:
    query = {"key": key, "kind": kind, **({"place": place} if place else {})}
    return f"{reverse('admin:claims_claim_fact')}?{urlencode(query)}"


def claim_in_article_url(claim: Claim) -> str:
    return f"{reverse('admin:sources_article_change', args=[claim.article_id])}#claim-{claim.id}"


# --- the compare page -------------------------------------------------------------------------


@dataclass
class Panel:
    claim: Claim
    excerpt: Excerpt
    value: str
    bounds: str
    recheck: str


def _claim_value(claim: Claim) -> tuple[str, str]:
    if claim.kind == "date":
        bounds = f"{claim.date_low or '…'} – {claim.date_high or '…'}"
        return claim.date_value or "?", bounds
    unit = claim.unit if claim.kind != "percent" else "%"
    low = "…" if claim.low is None else format_figure(claim.low)
    high = "…" if claim.high is None else format_figure(claim.high)
    return format_figure(claim.value, unit=unit), f"{low} – {high}"


def _recheck_state(claim: Claim, check: Check) -> str:
    if claim.corrected_at is None:
        return ""
    who = claim.corrected_by or "an editor"
    if check.updated_at < claim.corrected_at:
        return f"Corrected by {who} on {shown_time(claim.corrected_at)}; the checks are being run again."
    return f"Corrected by {who} on {shown_time(claim.corrected_at)}; checks re-run at {shown_time(check.updated_at)}."


def _panel(claim: Claim, check: Check) -> Panel:
    value, bounds = _claim_value(claim)
    return Panel(
        claim=claim,
        excerpt=excerpt(claim.article.body, start=claim.start, end=claim.end, sentence=claim.sentence),
        value=value,
        bounds=bounds,
        recheck=_recheck_state(claim, check),
    )


def compare_page(request, object_id, model_admin, *, note_draft: str = "", status: int = 200):
    check = selectors.check_for_review(object_id) if str(object_id).isdigit() else None
    if check is None:
        raise Http404("No such check; it may have been removed when its claims were re-read.")
    if not model_admin.has_view_or_change_permission(request, check):
        raise PermissionDenied
    review = getattr(check, "review", None)
    fact = selectors.fact_of_check(check)
    claims = [check.claim, *check.others.all()]
    # Earlier report on the left, as an editor reads a story unfold.
    claims.sort(key=lambda c: (c.article.published is None, c.article.published, c.id))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Check._meta,
        "title": f"Check {check.id}: {check.get_verdict_display()}",
        "subtitle": None,
        "check": check,
        "review": review,
        "panels": [_panel(c, check) for c in claims],
        "fact": fact,
        "fact_url": fact_url(check.claim.fact_key, check.claim.kind, fact.place),
        "timeline": _timeline(fact, title=f"{fact.label}: figures over publication dates"),
        "consensus": _consensus_text(fact),
        "history": selectors.check_history(check),
        "can_review": can_review(request.user),
        "buttons": [b for b in REVIEW_BUTTONS if review is None or b[0] != review.status],
        "editors": selectors.editors() if can_review(request.user) else [],
        "note_draft": note_draft,
        "queue_url": reverse("admin:facts_check_changelist"),
        "next_open": selectors.next_open_mismatch(check),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/facts/check/compare.html", context, status=status)


def _timeline(fact: selectors.FactSummary, *, title: str):
    points = [
        Point(
            claim_id=row.claim.id,
            outlet=row.claim.article.outlet.name,
            published=row.claim.article.published,
            value=row.value,
            low=row.low,
            high=row.high,
            label=f"“{row.claim.quote}” ({row.claim.get_qualifier_display()})",
            outlier=row.outlier,
            current=row.in_check,
            href=claim_in_article_url(row.claim),
        )
        for row in fact.rows
    ]
    best = fact.consensus
    band = (best.low, best.best, best.high) if best and best.sources > 1 else None
    return timeline_svg(points, kind=fact.kind, unit=fact.unit, consensus=band, title=title)


def _consensus_text(fact: selectors.FactSummary) -> dict:
    c = fact.consensus
    if c is None or c.best is None:
        return {}
    show = lambda v: format_figure(v, kind=fact.kind, unit=fact.unit)  # noqa: E731
    return {"low": show(c.low), "best": show(c.best), "high": show(c.high), "sources": c.sources}


@require_POST
def review_change(request, object_id, model_admin):
    """One click: confirm, dismiss, resolve or reopen, with the note typed above the buttons. If
    someone else changed the review since the page was drawn, nothing is overwritten: the page
    comes back with the note still in the box and the other person's change shown."""
    if not can_review(request.user):
        raise PermissionDenied
    check = Check.objects.filter(id=object_id).select_related("review").first() if str(object_id).isdigit() else None
    if check is None:
        raise Http404
    status = request.POST.get("status", "")
    note = request.POST.get("note", "").strip()
    expected = request.POST.get("expected")
    current = getattr(getattr(check, "review", None), "status", Review.Status.OPEN)
    if expected is not None and expected != current:
        messages.warning(
            request,
            f"Someone changed this review to “{current}” while you were reading it; "
            "nothing was saved. Your note is kept below: check the history, then decide again.",
        )
        return compare_page(request, object_id, model_admin, note_draft=note, status=409)
    try:
        review_resolve(check_id=check.id, status=status, note=note, actor=request.user)
    except ReviewError as error:
        messages.error(request, str(error))
        return compare_page(request, object_id, model_admin, note_draft=note, status=400)
    messages.success(request, f"Check {check.id} marked {status}.")
    return HttpResponseRedirect(reverse("admin:facts_check_change", args=[check.id]))


@require_POST
def _chosen_assignee(request) -> tuple[bool, object]:
    """(refused, assignee) from the form's "assignee": "me", an editor's id, or "" for nobody;
    anyone who is not an editor is refused."""
    chosen = request.POST.get("assignee", "")
    if chosen == "me":
        return False, request.user
    if not chosen:
        return False, None
    assignee = selectors.editors().filter(id=chosen).first() if chosen.isdigit() else None
    return assignee is None, assignee


def review_assign_view(request, object_id, model_admin):
    if not can_review(request.user):
        raise PermissionDenied
    check = Check.objects.filter(id=object_id).first() if str(object_id).isdigit() else None
    if check is None:
        raise Http404
    refused, assignee = _chosen_assignee(request)
    if refused:
        messages.error(request, "Reviews can only be assigned to editors.")
        return HttpResponseRedirect(reverse("admin:facts_check_change", args=[check.id]))
    review_assign(check_id=check.id, assignee=assignee, actor=request.user)
    messages.success(request, f"Check {check.id} assigned to {assignee}." if assignee else f"Check {check.id} unassigned.")
    return HttpResponseRedirect(reverse("admin:facts_check_change", args=[check.id]))


# --- an article -------------------------------------------------------------------------------


def article_page(request, object_id, model_admin):
    article = (
        Article.objects.select_related("outlet").filter(id=object_id).first() if str(object_id).isdigit() else None
    )
    if article is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    states = selectors.article_claim_states(article)
    marks = []
    for s in states:
        href = (
            reverse("admin:facts_check_change", args=[s.check_id])
            if s.check_id
            else reverse("admin:claims_claim_change", args=[s.claim.id])
        )
        title = f"{s.claim.get_kind_display()}: {s.label}" + (" (corrected)" if s.claim.corrected_at else "")
        css = f"cc-state-{s.state}" + (" cc-corrected" if s.claim.corrected_at else "")
        marks.append(Mark(s.claim.start, s.claim.end, css, title=title, href=href, anchor=f"claim-{s.claim.id}"))
    counts: dict[str, int] = {}
    for s in states:
        counts[s.state] = counts.get(s.state, 0) + 1
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": article.headline or f"Article {article.id}",
        "subtitle": None,
        "article": article,
        "body": highlight(article.body, marks),
        "states": states,
        "legend": [(state, selectors.STATE_LABELS[state], counts.get(state, 0)) for state in selectors.STATE_ORDER],
        "can_extract": model_admin.has_change_permission(request, article)
        and article.status != Article.Status.SKIPPED,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/sources/article/read.html", context)


@require_POST
def article_extract(request, object_id, model_admin):
    article = Article.objects.filter(id=object_id).first() if str(object_id).isdigit() else None
    if article is None:
        raise Http404
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    if article.status == Article.Status.SKIPPED:
        messages.error(request, "This article is not in English and is not run through the extractor.")
    else:
        article_requeue(article_id=article.id)
        messages.success(request, "Claims will be extracted again in the background; reload to see them.")
    return HttpResponseRedirect(reverse("admin:sources_article_change", args=[article.id]))


# --- a fact ---------------------------------------------------------------------------------


def fact_id_url(fact_id: int) -> str:
    return f"{reverse('admin:claims_claim_fact')}?{urlencode({'id': fact_id})}"


def fact_page(request, model_admin):
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    key, kind = request.GET.get("key", ""), request.GET.get("kind", "")
    fact_id = request.GET.get("id", "")
    base = {**model_admin.admin_site.each_context(request), "opts": Claim._meta, "subtitle": None}
    request.current_app = model_admin.admin_site.name
    if not key and not fact_id:
        q = request.GET.get("q", "").strip()[:200]
        rows = [{**g, "url": fact_url(g["key"], g["kind"], g["place"])} for g in selectors.fact_groups(q=q)]
        return TemplateResponse(
            request, "admin/claims/claim/facts.html",
            {**base, "title": "Facts reported more than once", "facts": rows, "q": q},
        )
    if fact_id:
        row = Fact.objects.filter(id=fact_id).first() if fact_id.isdigit() else None
        if row is None:
            raise Http404("No such fact; it may have been left without claims.")
        if row.merged_into_id is not None:
            survivor = surviving_fact(row)
            messages.info(request, f"This fact was merged into fact {survivor.id}.")
            return HttpResponseRedirect(fact_id_url(survivor.id))
        key, kind, place = row.fact_key, row.kind, row.place
        claims = selectors.fact_claims(row.id)
    else:
        place = request.GET.get("place", "")
        row = Fact.objects.filter(kind=kind, fact_key=key, place_key=place.casefold()).first()
        if row is not None and row.merged_into_id is not None:
            return HttpResponseRedirect(fact_id_url(surviving_fact(row).id))
        claims = selectors.claims_of_fact(key, kind, place)
        # A claim an editor moved to another fact is not this fact's, whatever its key says.
        moved = selectors.placed_elsewhere(claims, row)
        claims = [c for c in claims if c.id not in moved]
    if not claims:
        raise Http404("No claims state this fact.")
    fact = selectors.fact_summary(key, kind, claims, place=place)
    title = selectors.fact_title(row) if row else fact.label + (f" · {place}" if place else "")
    decided = list(selectors.fact_decisions(row.id)[:200]) if row else []
    standing = {d.claim_id: d for d in decided if d.status == Decision.Status.ACTIVE}
    can_decide = request.user.has_perm("review.add_decision")
    assignment = selectors.fact_assignee(row.id) if row else None
    context = {
        **base,
        "title": f"Fact: {title}",
        "fact_title": title,
        "fact": fact,
        "fact_row": row,
        "timeline": _timeline(fact, title=f"{title}: figures over publication dates"),
        "consensus": _consensus_text(fact),
        "facts_url": reverse("admin:claims_claim_fact"),
        "here": fact_id_url(row.id) if row else request.get_full_path(),
        "decisions": decided,
        "standing": [(r, standing.get(r.claim.id)) for r in fact.rows],
        "decision_kinds": Decision.Kind.choices,
        "merge_candidates": selectors.merge_candidates(row) if row and can_decide else [],
        "publishable": PUBLISHABLE,
        "ratings": list(scale().ratings.values()),
        "can_decide": can_decide,
        "can_publish": request.user.has_perm("review.add_claimreview"),
        "assignment": assignment,
        "editors": selectors.editors() if row and can_review(request.user) else [],
        "history": selectors.fact_history(row.id) if row else [],
    }
    return TemplateResponse(request, "admin/claims/claim/fact.html", context)



# --- deciding by fact ---------------------------------------------------------------------------


def _queue_filters(request) -> selectors.QueueFilters:
    get = request.GET
    kind = get.get("kind", "")[:10]
    outlet = get.get("outlet", "")
    status = get.get("status", "open")
    assignee = get.get("assignee", "")[:20]
    return selectors.QueueFilters(
        kind=kind if kind in Claim.Kind.values else "",
        place=get.get("place", "").strip()[:200],
        outlet=int(outlet) if outlet.isdigit() else None,
        story=get.get("story", "").strip()[:200],
        assignee=assignee if assignee in ("me", "none") or assignee.isdigit() else "",
        status=status if status in dict(selectors.QUEUE_STATUSES) else "open",
    )


def facts_to_decide_page(request, model_admin):
    """The queue of facts whose sources disagree: one row per fact, the latest change first,
    filtered by story, outlet, kind, place, assignee and status; "new since I last looked"
    narrows it to the facts whose disagreement changed since the editor's last visit, and every
    visit to the whole queue is the editor's new "last looked"."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    request.current_app = model_admin.admin_site.name
    filters = _queue_filters(request)
    seen = selectors.last_seen(request.user)
    only_new = request.GET.get("new") == "1"
    since = seen
    if only_new:
        try:
            asked = parse_datetime(request.GET.get("since", "")[:40])
        except ValueError:  # shaped like a time but not one ("2026-13-40T99:00"): the last visit
            asked = None
        since = asked or seen
        filters.since = since
    facts = list(selectors.facts_to_decide(filters=filters, user=request.user)[:200])
    new_count = selectors.new_since_count(request.user)
    names = dict(get_user_model().objects.filter(id__in={f.assignee_id for f in facts if f.assignee_id})
                 .values_list("id", "username"))
    rows = [
        {
            "fact": fact,
            "url": fact_id_url(fact.id),
            "label": selectors.fact_title(fact),
            "consensus": _fact_consensus(fact),
            "outliers": len(fact.outliers or ()),
            "assignee": names.get(fact.assignee_id, ""),
            "new": seen is None or fact.changed_at > seen,
        }
        for fact in facts
    ]
    new_url = f"{reverse('admin:claims_claim_facts_to_decide')}?{urlencode({'new': 1, **({'since': seen.isoformat()} if seen else {})})}"
    context = {
        **model_admin.admin_site.each_context(request), "opts": Claim._meta, "subtitle": None,
        "title": "Facts to decide" + (" — new since you last looked" if only_new else ""),
        "rows": rows, "kinds": Claim.Kind.choices, "kind": filters.kind, "filters": filters,
        "outlets": Outlet.objects.order_by("name").values_list("id", "name"),
        "editors": selectors.editors(), "statuses": selectors.QUEUE_STATUSES,
        "only_new": only_new, "since": since, "seen": seen, "new_count": new_count, "new_url": new_url,
        "can_assign": can_review(request.user),
    }
    response = TemplateResponse(request, "admin/claims/claim/decide.html", context)
    if not only_new:
        queue_seen(user=request.user)
    return response


def _fact_consensus(fact) -> str:
    if fact.consensus_best is None:
        return ""
    low, best, high = (format_figure(v, kind=fact.kind, unit=fact.unit)
                       for v in (fact.consensus_low, fact.consensus_best, fact.consensus_high))
    return f"{low} – {high} (best {best})" if low != high else best


def _back_to_fact(request, fact_id: int | None = None) -> HttpResponseRedirect:
    if fact_id is not None:
        return HttpResponseRedirect(fact_id_url(fact_id))
    back = request.POST.get("next", "")
    if not back.startswith(reverse("admin:claims_claim_fact")):
        back = reverse("admin:claims_claim_fact")
    return HttpResponseRedirect(back)


@require_POST
def fact_decide(request, model_admin):
    """An editor's decision about one figure of a fact (a note is required), through the service."""
    if not request.user.has_perm("review.add_decision"):
        raise PermissionDenied
    try:
        other = request.POST.get("other_claim") or None
        merge_with = request.POST.get("merge_with") or None
        decision = decision_make(
            claim_id=int(request.POST.get("claim", "0")), kind=request.POST.get("kind", ""),
            note=request.POST.get("note", ""), actor=request.user, other_claim_id=int(other) if other else None,
            merge_with_id=int(merge_with) if merge_with else None,
        )
    except (DecisionError, ValueError) as error:
        messages.error(request, f"Not recorded: {error}")
        return _back_to_fact(request)
    messages.success(request, f"Recorded: “{decision.quote}” — {decision.get_kind_display()}.")
    if decision.kind == Decision.Kind.NOT_THIS_FACT:
        moved_to = FactClaim.objects.filter(claim_id=decision.claim_id).values_list("fact_id", flat=True).first()
        if moved_to is not None:
            messages.info(request, format_html('The figure is now in <a href="{}">a fact of its own</a>.', fact_id_url(moved_to)))
        if decision.fact_id is None or not Fact.objects.filter(id=decision.fact_id).exists():
            return _back_to_fact(request, moved_to)
    if decision.kind == Decision.Kind.MERGE and decision.merge_with_id:
        return _back_to_fact(request, decision.merge_with_id)
    return _back_to_fact(request)


@require_POST
def fact_assign_view(request, model_admin):
    """Give a fact to an editor ("me", an editor's id, or nobody), kept in its history."""
    if not can_review(request.user):
        raise PermissionDenied
    fact_id = request.POST.get("fact", "")
    fact = Fact.objects.filter(id=fact_id).first() if fact_id.isdigit() else None
    if fact is None:
        raise Http404
    refused, assignee = _chosen_assignee(request)
    if refused:
        messages.error(request, "Facts can only be assigned to editors.")
        return _back_to_fact(request, fact.id)
    fact_assign(fact_id=fact.id, assignee=assignee, actor=request.user, note=request.POST.get("note", "")[:5000])
    messages.success(request, f"Fact assigned to {assignee}." if assignee else "Fact unassigned.")
    back = request.POST.get("next", "")
    if back.startswith(reverse("admin:claims_claim_facts_to_decide")):
        return HttpResponseRedirect(back)
    return _back_to_fact(request, fact.id)


@require_POST
def fact_publish(request, model_admin):
    """Publish a ClaimReview of one decision: the rating the editor picks and the newsroom's
    public fact-check page."""
    if not request.user.has_perm("review.add_claimreview"):
        raise PermissionDenied
    try:
        # Draft and publish together: a refused publication leaves no draft behind.
        with transaction.atomic():
            review = claimreview_draft(
                decision_id=int(request.POST.get("decision", "0")), rating=request.POST.get("rating", ""),
                url=request.POST.get("url", "").strip(), actor=request.user,
            )
            review = claimreview_publish(claim_review_id=review.id, actor=request.user)
    except (DecisionError, ValueError) as error:
        messages.error(request, f"Not published: {error}")
    else:
        rating = scale().get(review.rating).alternate_name
        messages.success(request, f"ClaimReview published: “{review.decision.quote}” rated {rating}.")
    return _back_to_fact(request)


# --- adding work from the desk ------------------------------------------------------------------


def article_submit(request, model_admin):
    """An editor adds an article: pasted text or HTML (stored and queued at once), or a URL for a
    worker to fetch. The article's page then shows it move through received, extracted, checked."""
    if not request.user.has_perm("sources.add_article"):
        raise PermissionDenied
    request.current_app = model_admin.admin_site.name
    values = {k: request.POST.get(k, "").strip() for k in ("text", "input_format", "url", "outlet", "headline", "published")}
    if request.method == "POST":
        try:
            published = dt.date.fromisoformat(values["published"]) if values["published"] else None
        except ValueError:
            messages.error(request, f"Not added: the date {values['published'][:20]!r} is not YYYY-MM-DD.")
        else:
            try:
                if values["text"]:
                    result = article_ingest(
                        raw=request.POST.get("text", ""), input_format=values["input_format"] or "text",
                        outlet=values["outlet"], url=values["url"], headline=values["headline"], published=published,
                    )
                    article = result.article
                    messages.success(request, "Added: its claims are being read." if result.created
                                     else "This text was already here: its page is below.")
                    return HttpResponseRedirect(reverse("admin:sources_article_change", args=[article.id]))
                if values["url"]:
                    fetch_submit(url=values["url"], outlet=values["outlet"], published=published, submitted_by=request.user)
                    messages.success(request, f"{values['url'][:200]} is queued to be fetched; it appears in the articles list once read.")
                    return HttpResponseRedirect(reverse("admin:sources_article_changelist"))
                messages.error(request, "Not added: paste a text or give a URL.")
            except IngestError as error:
                messages.error(request, f"Not added: {error}")
    context = {
        **model_admin.admin_site.each_context(request), "opts": Article._meta, "subtitle": None,
        "title": "Add articles", "values": values,
    }
    return TemplateResponse(request, "admin/sources/article/submit.html", context)
