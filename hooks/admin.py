"""API keys, webhooks and deliveries in the admin. A key is shown once, when the client is made
(or given a new key); only its hash is stored."""
from django.contrib import admin, messages
from django.utils import timezone

from hooks.models import ApiClient, Delivery, Webhook


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "status"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke", "new_key"]

    @admin.display(description="status")
    def status(self, client):
        return "revoked" if client.revoked_at else "active"

    def save_model(self, request, obj, form, change):
        if not change:
            key = obj.set_new_key()
            super().save_model(request, obj, form, change)
            messages.warning(request, f"API key for {obj.name}: {key} (copy it now: it is not shown again)")
            return
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        n = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, f"{n} key(s) revoked.")

    @admin.action(description="Give the selected clients a new key (the old one stops working)")
    def new_key(self, request, queryset):
        for client in queryset:
            key = client.set_new_key()
            client.revoked_at = None
            client.save()
            messages.warning(request, f"New API key for {client.name}: {key} (copy it now: it is not shown again)")


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
