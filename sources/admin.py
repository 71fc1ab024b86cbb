from django.contrib import admin, messages
from django.db.models import Count

from sources.models import Article, Outlet
from sources.services import article_requeue


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "created_at"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "outlet", "published", "status", "claim_count", "error"]
    list_filter = ["status", "outlet", "language", "published"]
    search_fields = ["headline", "url", "body"]
    date_hierarchy = "published"
    actions = ["extract_again"]
    readonly_fields = [
        "outlet", "url", "headline", "published", "language", "wire", "input_format", "body", "raw",
        "content_hash", "status", "status_changed_at", "attempts", "error", "created_at", "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet").annotate(n_claims=Count("claims"))

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, article):
        return article.n_claims

    def has_add_permission(self, request):
        return False  # articles come in through ingestion, where they are cleaned and checked

    @admin.action(description="Extract claims again", permissions=["change"])
    def extract_again(self, request, queryset):
        for article_id in queryset.values_list("id", flat=True):
            article_requeue(article_id=article_id)
        self.message_user(request, f"{queryset.count()} articles queued for extraction", messages.SUCCESS)
