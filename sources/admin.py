"""Articles in the review desk: the list (with failures easy to find) and an article's page, its text
with every claim marked inline by state (the article's change page)."""
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path
from django.utils.html import format_html

from claims import admin_views
from sources.models import Article, EditedFigure, Feed, Fetch, Outlet
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


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feed subscriptions: editors add feeds and set how often each is polled."""

    list_display = ["__str__", "outlet", "enabled", "poll_every_minutes", "last_polled_at", "item_count", "short_error"]
    list_editable = ["enabled", "poll_every_minutes"]
    list_filter = ["enabled", "outlet"]
    search_fields = ["url", "title"]
    fields = ["url", "title", "outlet", "enabled", "poll_every_minutes", "last_polled_at", "last_error"]
    readonly_fields = ["last_polled_at", "last_error"]
    autocomplete_fields = ["outlet"]
    actions = ["poll_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet").annotate(n_items=Count("items"))

    @admin.display(description="items", ordering="n_items")
    def item_count(self, feed):
        return feed.n_items

    @admin.display(description="last error")
    def short_error(self, feed):
        return (feed.last_error[:120] + "…") if len(feed.last_error) > 120 else feed.last_error

    @admin.action(description="Poll now", permissions=["change"])
    def poll_now(self, request, queryset):
        from workers.ingest_tasks import poll_feed
        from workers.queue import enqueue

        ids = list(queryset.values_list("id", flat=True))
        for feed_id in ids:
            enqueue(poll_feed, feed_id)
        self.message_user(request, f"{len(ids)} feeds queued for polling.", messages.SUCCESS)


@admin.register(Fetch)
class FetchAdmin(admin.ModelAdmin):
    """URLs fetched by the workers (submitted or from feeds), with the error of each failure."""

    list_display = ["__str__", "feed", "status", "attempts", "article", "short_error", "created_at"]
    list_filter = ["status", "feed"]
    search_fields = ["url", "title", "error"]
    list_select_related = ["feed", "article"]
    readonly_fields = [f.name for f in Fetch._meta.fields]

    @admin.display(description="error")
    def short_error(self, fetch):
        return (fetch.error[:120] + "…") if len(fetch.error) > 120 else fetch.error

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
