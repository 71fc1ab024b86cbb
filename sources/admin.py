"""Outlets, feeds and fetches in the admin. Articles themselves are shown by the review desk
(review/admin.py), with their claims."""
from django.contrib import admin, messages
from django.db.models import Count

from sources.models import Feed, Fetch, Outlet
from workbench.queue import enqueue


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
        ids = list(queryset.values_list("id", flat=True))
        for feed_id in ids:
            enqueue("poll_feed", feed_id)
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
