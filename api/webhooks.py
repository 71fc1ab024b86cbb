"""Webhook subscriptions and their deliveries. Each belongs to the API client (key) that made it;
a client sees and changes only its own."""
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from webhooks.models import Delivery, Webhook
from webhooks.serializers import DeliverySerializer, WebhookSerializer
from workbench.platform.models import ApiClient


class HasApiKey(permissions.BasePermission):
    message = "Webhooks belong to an API client: authenticate with 'Authorization: Api-Key <key>'."

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)


class ClientOwned:
    permission_classes = [permissions.IsAuthenticated, HasApiKey]

    def client(self) -> ApiClient:
        return self.request.auth


class WebhookList(ClientOwned, generics.ListCreateAPIView):
    serializer_class = WebhookSerializer

    def get_queryset(self):
        return Webhook.objects.filter(client=self.client()).order_by("id")

    def perform_create(self, serializer):
        serializer.save(client=self.client())


@extend_schema(methods=["PUT"], exclude=True)
class WebhookDetail(ClientOwned, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = WebhookSerializer

    def get_queryset(self):
        return Webhook.objects.filter(client=self.client())


class DeliveryList(ClientOwned, generics.ListAPIView):
    """What was sent to this client's webhooks and what failed, newest first."""

    serializer_class = DeliverySerializer

    def get_queryset(self):
        deliveries = Delivery.objects.filter(webhook__client=self.client()).order_by("-id")
        webhook = self.kwargs.get("webhook")
        return deliveries.filter(webhook_id=webhook) if webhook is not None else deliveries


class DeliveryDetail(ClientOwned, generics.RetrieveAPIView):
    serializer_class = DeliverySerializer

    def get_queryset(self):
        return Delivery.objects.filter(webhook__client=self.client())
