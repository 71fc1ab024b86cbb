"""The review desk: the mismatch queue (the Check list), the compare page (a check's change page),
claim corrections (a claim's change page), a fact's timeline and the review history. Actions and
views are thin: they call the services and read through review.selectors."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from claims.models import Claim, EditedFigure
from claims.services import CORRECTABLE as CORRECTABLE_FIELDS
from claims.services import SCOPES, CorrectionError, claim_correct
from facts.models import Check, FactClaim
from review import admin_views, selectors
from review.highlighting import excerpt
from review.models import Review, ReviewEvent
from review.services import ReviewError, review_assign, review_resolve
from sources.models import Article, Outlet
from sources.services import article_requeue
from workbench.display import shown_time
from workbench.platform.csv import export_csv
from workbench.platform.roles import can_review

STATUS_COLOURS = {"open": "#b00020", "confirmed": "#a15c00", "dismissed": "#555", "resolved": "#1b7f3b"}
VERDICT_COLOURS = {"conflict": "#b00020", "updated": "#a15c00", "consistent": "#1b7f3b"}


def _badge(text: str, colour: str):
    return format_html('<span class="cc-badge" style="background:{}">{}</span>', colour, text)


# --- the queue's filters ----------------------------------------------------------------------


class VerdictFilter(admin.SimpleListFilter):
    """The queue shows the mismatches unless asked for everything."""

    title = "verdict"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return [
            ("mismatch", "Mismatches (conflict or updated)"),
            (Check.Verdict.CONFLICT, "Conflict"),
            (Check.Verdict.UPDATED, "Updated"),
            (Check.Verdict.CONSISTENT, "Consistent"),
            ("all", "All checks"),
        ]

    def value(self):
        return super().value() or "mismatch"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mismatch":
            return queryset.filter(verdict__in=selectors.MISMATCH)
        if value in Check.Verdict.values:
            return queryset.filter(verdict=value)
        return queryset


def _queue_counts(request) -> dict[str, int]:
    # The filter and the counts bar show the same numbers: read them once per request.
    if not hasattr(request, "_queue_counts"):
        request._queue_counts = selectors.queue_counts()
    return request._queue_counts


class StatusFilter(admin.SimpleListFilter):
    title = "review status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = _queue_counts(request)
        return [(s, f"{label} ({counts[s]})") for s, label in Review.Status.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == Review.Status.OPEN:
            return queryset.filter(Q(review__status=value) | Q(review__isnull=True))
        if value in Review.Status.values:
            return queryset.filter(review__status=value)
        return queryset


class OutletFilter(admin.SimpleListFilter):
    """Either side of the check published by the outlet."""

    title = "outlet"
    parameter_name = "outlet"

    def lookups(self, request, model_admin):
        return [(str(o.id), o.name) for o in Outlet.objects.order_by("name")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        on_other_side = Check.others.through.objects.filter(claim__article__outlet_id=value).values("check_id")
        return queryset.filter(Q(claim__article__outlet_id=value) | Q(id__in=on_other_side))


class FactFilter(admin.SimpleListFilter):
    title = "fact"
    parameter_name = "fact"

    def lookups(self, request, model_admin):
        return selectors.queue_facts()

    def queryset(self, request, queryset):
        return queryset.filter(claim__fact_key=self.value()) if self.value() else queryset


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("none", "Nobody")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(review__assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(Q(review__isnull=True) | Q(review__assigned_to__isnull=True))
        return queryset


# --- actions --------------------------------------------------------------------------------


class ReviewActionForm(ActionForm):
    """The queue's action bar: a note for the decision, an editor for "assign"."""

    note = forms.CharField(required=False, label="Note", widget=forms.TextInput(attrs={"size": 40, "placeholder": "why (kept in the history)"}))
    assignee = forms.ModelChoiceField(
        queryset=selectors.editors(), required=False, label="Editor", empty_label="(nobody)"
    )


def _review_action(status: str, label: str):
    @admin.action(description=label, permissions=["review"])
    def action(modeladmin, request, queryset):
        note = request.POST.get("note", "").strip()
        done, skipped = 0, 0
        for check_id, verdict in queryset.values_list("id", "verdict"):
            if verdict not in selectors.MISMATCH:
                skipped += 1
                continue
            try:
                review_resolve(check_id=check_id, status=status, note=note, actor=request.user)
                done += 1
            except ReviewError as error:
                modeladmin.message_user(request, str(error), messages.ERROR)
        modeladmin.message_user(request, f"{done} checks marked {status}.", messages.SUCCESS)
        if skipped:
            modeladmin.message_user(
                request, f"{skipped} consistent checks left alone: only mismatches are reviewed.", messages.WARNING
            )

    action.__name__ = f"mark_{status}"
    return action


@admin.action(description="Assign to the editor chosen", permissions=["review"])
def assign(modeladmin, request, queryset):
    chosen = request.POST.get("assignee", "")
    assignee = selectors.editors().filter(id=chosen).first() if chosen.isdigit() else None
    if chosen and assignee is None:
        modeladmin.message_user(request, "Reviews can only be assigned to editors.", messages.ERROR)
        return
    count = 0
    for check_id in queryset.values_list("id", flat=True):
        review_assign(check_id=check_id, assignee=assignee, actor=request.user)
        count += 1
    modeladmin.message_user(request, f"{count} checks assigned to {assignee or 'nobody'}.", messages.SUCCESS)


# --- checks ---------------------------------------------------------------------------------


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ["id", "verdict_badge", "status_badge", "compared", "fact", "score", "assigned", "updated_at"]
    list_display_links = ["id", "compared"]
    list_filter = [
        VerdictFilter, StatusFilter, ("claim__kind", admin.ChoicesFieldListFilter), OutletFilter, FactFilter,
        AssignedFilter, "check_type", "updated_at",
    ]
    date_hierarchy = "claim__article__published"
    search_fields = [
        "claim__quote", "claim__sentence", "claim__article__headline",
        "others__quote", "others__sentence", "others__article__headline", "explanation",
    ]
    list_per_page = 50
    action_form = ReviewActionForm
    actions = [
        _review_action(Review.Status.CONFIRMED, "Confirm the mismatch"),
        _review_action(Review.Status.DISMISSED, "Dismiss the mismatch"),
        _review_action(Review.Status.RESOLVED, "Resolve"),
        _review_action(Review.Status.OPEN, "Reopen"),
        assign,
        export_csv,
    ]

    def get_queryset(self, request):
        return selectors.review_queue()

    def get_ordering(self, request):
        return ["queue_rank", "-updated_at", "-id"]

    def has_review_permission(self, request):
        return can_review(request.user)

    def has_add_permission(self, request):
        return False  # checks are made by the cross-check, never by hand

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/review/", wrap(lambda r, object_id: admin_views.review_change(r, object_id, self)),
                 name="facts_check_review"),
            path("<path:object_id>/assign/", wrap(lambda r, object_id: admin_views.review_assign_view(r, object_id, self)),
                 name="facts_check_assign"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A check's page is the compare page: everything needed to decide, on one page.
        return admin_views.compare_page(request, object_id, self)

    def changelist_view(self, request, extra_context=None):
        counts = _queue_counts(request)
        base = reverse("admin:facts_check_changelist")
        extra = {
            "title": "Mismatch queue",
            "status_counts": [(s, label, counts[s], f"{base}?status={s}") for s, label in Review.Status.choices],
            "facts_url": reverse("admin:claims_claim_fact"),
        }
        return super().changelist_view(request, extra_context={**extra, **(extra_context or {})})

    @admin.display(description="verdict", ordering="verdict")
    def verdict_badge(self, check):
        return _badge(check.get_verdict_display(), VERDICT_COLOURS.get(check.verdict, "#555"))

    @admin.display(description="review", ordering="queue_rank")
    def status_badge(self, check):
        review = getattr(check, "review", None)
        if review is None:
            return "—" if check.verdict not in selectors.MISMATCH else _badge("Open", STATUS_COLOURS["open"])
        return _badge(review.get_status_display(), STATUS_COLOURS.get(review.status, "#555"))

    @admin.display(description="claims compared")
    def compared(self, check):
        claims = [check.claim, *check.others.all()]
        return format_html_join(
            mark_safe(' <span class="cc-vs">vs</span> '),
            '<span class="cc-claim"><strong>“{}”</strong> <span class="cc-meta">{}, {}</span></span>',
            ((c.quote, c.article.outlet.name, c.article.published or "undated") for c in claims),
        )

    @admin.display(description="fact", ordering="claim__fact_key")
    def fact(self, check):
        place = check.claim.places[0] if check.claim.places else ""
        return selectors.fact_label(check.claim.fact_key) + (f" · {place}" if place else "")

    @admin.display(description="assigned to", ordering="review__assigned_to__username")
    def assigned(self, check):
        review = getattr(check, "review", None)
        return (review.assigned_to if review and review.assigned_to else "—")


# --- claims ---------------------------------------------------------------------------------

CORRECTABLE = list(CORRECTABLE_FIELDS)


class PlacesField(forms.CharField):
    """A claim's places as an editor types them: names separated by commas."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [p.strip() for p in (value or "").split(",") if p.strip()]


class ClaimCorrectionForm(forms.ModelForm):
    """The claim's page as a correction: the fields that decide the reading and the fact, and the
    reason, required when anything changed (kept with the values before and after)."""

    places = PlacesField(required=False, help_text="Comma-separated; the first is the place its fact is about.")
    scope = forms.ChoiceField(required=False, choices=[(s, s or "(none)") for s in SCOPES])
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Required with any change: what was mis-read, and how you know (kept in the fact's history).",
    )

    class Meta:
        model = Claim
        fields = CORRECTABLE

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in self.changed_data if name in CORRECTABLE]
        if changed and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why: a correction needs a reason.")
        return cleaned


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["quote", "kind", "qualifier", "shown_value", "subject", "predicate", "attributed_to", "outlet", "published", "corrected"]
    list_filter = ["kind", "qualifier", "running_total", "article__outlet", ("corrected_at", admin.EmptyFieldListFilter)]
    search_fields = ["quote", "sentence", "subject", "attributed_to", "article__headline"]
    list_select_related = ["article__outlet"]
    actions = [export_csv]
    fieldsets = [
        (None, {"fields": ["article_link", "quote", "sentence_in_context", "fact_link"]}),
        ("Correct the reading", {
            "fields": [*CORRECTABLE, "reason"],
            "description": "Fix a mis-read value, bounds, subject, or what decides its fact (places, event, the "
                           "time it refers to, running total, scope). The claim keeps the correction when the "
                           "article is read again, and every check it takes part in runs again in the background.",
        }),
        ("Checks", {"fields": ["correction_state", "corrections_of_claim", "checks_of_claim"]}),
    ]
    form = ClaimCorrectionForm

    def get_readonly_fields(self, request, obj=None):
        readonly = ["article_link", "quote", "sentence_in_context", "fact_link", "correction_state",
                    "corrections_of_claim", "checks_of_claim"]
        if obj is not None and obj.kind == "date":
            # A date is read from the text, not corrected as a number (nor made one).
            readonly += ["value", "low", "high", "unit", "kind"]
        return readonly

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__outlet", "corrected_by")

    def has_add_permission(self, request):
        return False  # claims come from extraction

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("fact/", wrap(lambda r: admin_views.fact_page(r, self)), name="claims_claim_fact"),
            path("fact/decide/", wrap(lambda r: admin_views.facts_to_decide_page(r, self)), name="claims_claim_facts_to_decide"),
            path("fact/decision/", wrap(lambda r: admin_views.fact_decide(r, self)), name="claims_claim_fact_decide"),
            path("fact/publish/", wrap(lambda r: admin_views.fact_publish(r, self)), name="claims_claim_fact_publish"),
            path("fact/assign/", wrap(lambda r: admin_views.fact_assign_view(r, self)), name="claims_claim_fact_assign"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        # Only the fields the editor changed, through the service (which re-runs the checks).
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in CORRECTABLE}
        if changes:
            try:
                claim_correct(claim_id=obj.id, reason=form.cleaned_data.get("reason", ""), actor=request.user, **changes)
            except CorrectionError as error:
                self.message_user(request, f"Not corrected: {error}", messages.ERROR)
                changes = {}
        obj.corrected_fields = sorted(changes)

    def response_change(self, request, obj):
        # Stay on the claim, where the checks that run again show.
        fields = getattr(obj, "corrected_fields", [])
        if fields:
            self.message_user(
                request,
                f"Claim corrected ({', '.join(fields)}). The checks it takes part in are being run again in the background.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "Nothing was changed.", messages.INFO)
        return HttpResponseRedirect(request.path)

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"changed": {"fields": [f for f in form.changed_data if f in CORRECTABLE]}}]

    @admin.display(description="value")
    def shown_value(self, claim):
        if claim.kind == "date":
            return claim.date_value
        low = "" if claim.low is None else f"{claim.low:g}"
        high = "" if claim.high is None else f"{claim.high:g}"
        return f"{claim.value:g} [{low} – {high}]" if claim.value is not None else "?"

    @admin.display(description="outlet", ordering="article__outlet__name")
    def outlet(self, claim):
        return claim.article.outlet.name

    @admin.display(description="published", ordering="article__published")
    def published(self, claim):
        return claim.article.published

    @admin.display(description="corrected", boolean=True, ordering="corrected_at")
    def corrected(self, claim):
        return claim.corrected_at is not None

    @admin.display(description="article")
    def article_link(self, claim):
        return format_html(
            '<a href="{}">{}</a> — {}, {}',
            admin_views.claim_in_article_url(claim), claim.article, claim.article.outlet, claim.article.published or "undated",
        )

    @admin.display(description="sentence")
    def sentence_in_context(self, claim):
        shown = excerpt(claim.article.body, start=claim.start, end=claim.end, sentence=claim.sentence, paragraphs_around=0)
        return format_html('<div class="cc-context">{}</div>', shown.html)

    @admin.display(description="fact")
    def fact_link(self, claim):
        membership = FactClaim.objects.filter(claim=claim).select_related("fact").first()
        if membership is not None:
            return format_html(
                '<a href="{}">{}</a> (timeline and consensus){}', admin_views.fact_id_url(membership.fact_id),
                selectors.fact_title(membership.fact),
                " — placed there by an editor" if membership.placed_at else "",
            )
        if not claim.fact_key:
            return "—"
        return format_html(
            '<a href="{}">{}</a> (timeline and consensus)',
            admin_views.fact_url(claim.fact_key, claim.kind, claim.places[0] if claim.places else ""),
            selectors.fact_label(claim.fact_key) + (f" · {claim.places[0]}" if claim.places else ""),
        )

    @admin.display(description="correction")
    def correction_state(self, claim):
        if claim.corrected_at is None:
            return "As extracted (not corrected)."
        checks = selectors.claim_checks(claim)
        pending = [c for c in checks if c.updated_at < claim.corrected_at]
        state = (
            f"{len(pending)} of its checks are being run again…" if pending
            else "its checks have been run again" if checks else "it takes part in no check now"
        )
        return format_html(
            '<span class="cc-corrected-note">Corrected by {} on {}: {}.</span>',
            claim.corrected_by or "an editor", shown_time(claim.corrected_at), state,
        )

    @admin.display(description="corrections")
    def corrections_of_claim(self, claim):
        corrections = list(selectors.claim_corrections(claim))
        if not corrections:
            return "None."
        return format_html('<ul class="cc-corrections">{}</ul>', format_html_join(
            "", "<li>{} by {}: {} — <em>{}</em></li>",
            ((shown_time(c.at), c.actor or "an editor", selectors.correction_text(c), c.reason) for c in corrections),
        ))

    @admin.display(description="checks it takes part in")
    def checks_of_claim(self, claim):
        checks = selectors.claim_checks(claim)
        if not checks:
            return "None."
        return format_html(
            '<ul class="cc-checks">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">check {}</a>: {} {} — {} <span class="cc-meta">(run {})</span></li>',
                (
                    (
                        reverse("admin:facts_check_change", args=[c.id]), c.id,
                        _badge(c.get_verdict_display(), VERDICT_COLOURS.get(c.verdict, "#555")),
                        _badge(c.review.get_status_display(), STATUS_COLOURS[c.review.status]) if hasattr(c, "review") else "",
                        c.explanation, shown_time(c.updated_at),
                    )
                    for c in checks
                ),
            ),
        )


# --- the history ----------------------------------------------------------------------------


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    """Every change to every review: read by everyone, changed by no one."""

    list_display = ["at", "actor", "action", "change", "note", "check_link"]
    list_filter = ["action", "to_status", "actor"]
    search_fields = ["check_key", "note", "actor__username"]
    list_select_related = ["actor", "review"]
    date_hierarchy = "at"

    @admin.display(description="change")
    def change(self, event):
        if event.from_status == event.to_status:
            return event.to_status
        return f"{event.from_status or '—'} → {event.to_status}"

    @admin.display(description="check")
    def check_link(self, event):
        if event.review is None:
            return format_html("{} <em>(removed)</em>", event.check_key)
        return format_html(
            '<a href="{}">check {}</a>', reverse("admin:facts_check_change", args=[event.review.check_obj_id]),
            event.review.check_obj_id,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- articles and their edited figures ---------------------------------------------------------
# An article's page is its text with every claim marked inline by state (its change page).


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline_or_url", "outlet", "published", "status_badge", "claim_count", "unread", "short_error"]
    list_display_links = ["headline_or_url"]
    list_filter = ["status", "outlet", "language", "published"]
    search_fields = ["headline", "url", "body"]
    date_hierarchy = "published"
    actions = ["extract_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet").annotate(n_claims=Count("claims"))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("submit/", wrap(lambda r: admin_views.article_submit(r, self)), name="sources_article_submit"),
            path("<path:object_id>/extract/", wrap(lambda r, object_id: admin_views.article_extract(r, object_id, self)),
                 name="sources_article_extract"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # An article's page is its text with the claims marked, not a form: articles are not edited.
        return admin_views.article_page(request, object_id, self)

    @admin.display(description="headline", ordering="headline")
    def headline_or_url(self, article):
        return article.headline or article.url or f"Article {article.id}"

    @admin.display(description="status", ordering="status")
    def status_badge(self, article):
        colour = {"failed": "#b00020", "processed": "#1b7f3b", "skipped": "#555"}.get(article.status, "#a15c00")
        return format_html('<span class="cc-badge" style="background:{}">{}</span>', colour, article.get_status_display())

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, article):
        return article.n_claims

    @admin.display(description="not read", ordering="unread_paragraphs")
    def unread(self, article):
        return article.unread_note or "—"

    @admin.display(description="error")
    def short_error(self, article):
        return (article.error[:120] + "…") if len(article.error) > 120 else article.error

    def has_add_permission(self, request):
        return False  # articles come in through ingestion, where they are cleaned and checked

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description="Extract claims again", permissions=["change"])
    def extract_again(self, request, queryset):
        ids = list(queryset.exclude(status=Article.Status.SKIPPED).values_list("id", flat=True))
        for article_id in ids:
            article_requeue(article_id=article_id)
        self.message_user(request, f"{len(ids)} articles queued for extraction.", messages.SUCCESS)


@admin.register(EditedFigure)
class EditedFigureAdmin(admin.ModelAdmin):
    """Silent edits: a figure that changed between two versions of one URL."""

    list_display = ["article", "kind", "subject", "quote_before", "quote_after", "created_at"]
    list_filter = ["kind"]
    search_fields = ["article__url", "article__headline", "sentence_after"]
    list_select_related = ["article"]
    readonly_fields = [f.name for f in EditedFigure._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
