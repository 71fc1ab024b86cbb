"""API keys, webhooks and deliveries in the admin. A key is shown once, when the client is made
(or given a new key); only its hash is stored."""
from django.contrib import admin

from webhooks.models import Delivery, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "client", "events", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "client__name"]
    list_select_related = ["client"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "webhook", "status", "attempts", "last_error", "created_at", "delivered_at"]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
