"""API clients in the admin: an administrator, or a manager with the "API clients" permissions,
makes a client and sees its key once. A manager cannot make or re-key a client acting as a
superuser (that key could do anything)."""
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone

from workbench.platform.models import ApiClient


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

    def get_queryset(self, request):
        clients = super().get_queryset(request)
        return clients if request.user.is_superuser else clients.exclude(user__is_superuser=True)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(is_superuser=False, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
