from rest_framework import serializers

from webhooks.models import Delivery, Webhook
from webhooks.services import UnsafeURL, check_url


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Webhook.Event.choices), min_length=1, max_length=len(Webhook.Event.values),
    )
    # Write-only: it signs the deliveries (X-Crosscheck-Signature: sha256=HMAC(secret, body)).
    secret = serializers.CharField(write_only=True, min_length=16, max_length=200)

    class Meta:
        model = Webhook
        fields = ["id", "url", "secret", "events", "active", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_url(self, url: str) -> str:
        try:
            check_url(url)
        except UnsafeURL as error:
            raise serializers.ValidationError(str(error)) from None
        return url

    def validate_events(self, events: list[str]) -> list[str]:
        return sorted(set(events))


class DeliverySerializer(serializers.ModelSerializer):
    webhook = serializers.IntegerField(source="webhook_id", read_only=True)
    log = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "webhook", "event", "body", "status", "attempts", "log", "last_error", "created_at", "delivered_at"]
        read_only_fields = fields
