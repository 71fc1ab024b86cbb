from django.contrib import admin, messages
from django.utils.html import format_html

from claims.models import Check, Claim, Review, ReviewEvent
from claims.services import ReviewError, review_resolve


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["quote", "kind", "qualifier", "shown_value", "subject", "predicate", "attributed_to", "article"]
    list_filter = ["kind", "qualifier", "running_total", "article__outlet"]
    search_fields = ["quote", "sentence", "subject", "article__headline"]
    list_select_related = ["article__outlet"]
    readonly_fields = ["article", "kind", "quote", "sentence", "start", "end", "fact_key", "corrected_by", "corrected_at"]

    @admin.display(description="value")
    def shown_value(self, claim):
        if claim.kind == "date":
            return claim.date_value
        low = "" if claim.low is None else f"{claim.low:g}"
        high = "" if claim.high is None else f"{claim.high:g}"
        return f"{claim.value:g} [{low} – {high}]" if claim.value is not None else "?"


class ReviewInline(admin.StackedInline):
    model = Review
    fk_name = "check_obj"
    extra = 0
    can_delete = False
    readonly_fields = ["status", "note", "reviewer", "reviewed_at", "assigned_to"]


def _review_action(status: str, label: str):
    @admin.action(description=label, permissions=["change"])
    def action(modeladmin, request, queryset):
        done = 0
        for check in queryset:
            try:
                review_resolve(check_id=check.id, status=status, note=f"{label} from the check list", actor=request.user)
                done += 1
            except ReviewError as error:
                modeladmin.message_user(request, str(error), messages.ERROR)
        modeladmin.message_user(request, f"{done} checks marked {status}", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return action


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ["id", "verdict", "check_type", "score", "explanation", "review_status", "updated_at"]
    list_filter = ["verdict", "check_type", "review__status"]
    search_fields = ["explanation", "claim__quote", "others__quote", "claim__article__headline"]
    list_select_related = ["claim__article__outlet", "review"]
    readonly_fields = ["claim", "check_type", "key", "verdict", "score", "explanation", "claims_compared"]
    exclude = ["others"]
    inlines = [ReviewInline]
    actions = [
        _review_action("confirmed", "Confirm the mismatch"),
        _review_action("dismissed", "Dismiss the mismatch"),
        _review_action("resolved", "Mark resolved"),
    ]

    @admin.display(description="review", ordering="review__status")
    def review_status(self, check):
        review = getattr(check, "review", None)
        return review.get_status_display() if review else "—"

    @admin.display(description="claims compared")
    def claims_compared(self, check):
        rows = [check.claim, *check.others.select_related("article__outlet")]
        return format_html(
            "<ul>{}</ul>",
            format_html(
                "".join("<li>{}: “{}” — {}</li>" for _ in rows),
                *[x for c in rows for x in (c.article.outlet.name, c.quote, c.sentence)],
            ),
        )

    def has_add_permission(self, request):
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "check_key", "action", "from_status", "to_status", "note"]
    list_filter = ["action", "to_status"]
    search_fields = ["check_key", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
