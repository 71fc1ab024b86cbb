"""Articles in the review desk: the list (with failures easy to find) and an article's page, its text
with every claim marked inline by state (the article's change page)."""
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path
from django.utils.html import format_html

from claims import admin_views
from sources.models import Article, Outlet
from sources.services import article_requeue


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "article_count", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, outlet):
        return outlet.n_articles

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline_or_url", "outlet", "published", "status_badge", "claim_count", "short_error"]
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
