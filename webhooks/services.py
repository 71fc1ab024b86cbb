"""Webhook events: `emit` stores one Delivery per subscribed webhook and queues its delivery after
the transaction commits; `deliver` sends one, signed, and logs the attempt."""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import random
import socket
import ssl
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sources.addresses import refused_address
from sources.heartbeat import alive_workers, current_worker
from webhooks.models import Delivery, Webhook
from workbench.queue import enqueue

SIGNATURE_HEADER = "X-Crosscheck-Signature"
# The signature to verify: `t=<unix seconds>,sha256=<HMAC(secret, "<t>." + body)>`. The time is
# signed with the body, so a receiver that refuses old timestamps cannot be fed a replayed
# delivery. (The older header signs the body alone and is kept for existing receivers.)
TIMED_SIGNATURE_HEADER = "X-Crosscheck-Signature-Timed"
TIMESTAMP_HEADER = "X-Crosscheck-Timestamp"


class DeliveryError(Exception):
    """A delivery that did not reach the receiver or was refused by it (retry may help).
    `countdown`: seconds until the next attempt is due, set by `deliver`."""

    countdown: float | None = None


class UnsafeURL(ValueError):
    """A webhook URL that points at a private, loopback or otherwise internal address."""


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def sign_timed(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},sha256={digest}"


def verify_timed(secret: str, body: bytes, header: str, *, now: float, tolerance: int = 300) -> bool:
    """What a receiver does with the timed signature: the HMAC matches and the time is within
    `tolerance` seconds of its clock (a replay later fails)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign_timed(secret, body, timestamp), header)


def emit(event: str, payload: dict | Callable[[], dict]) -> list[Delivery]:
    """Queue `event` to every active webhook subscribed to it. `payload` may be a callable, so
    that nothing is built when nobody listens."""
    hooks = [h for h in Webhook.objects.filter(active=True, client__revoked_at__isnull=True) if event in h.events]
    if not hooks:
        return []
    data = payload() if callable(payload) else payload
    deliveries = []
    for hook in hooks:
        body = json.dumps(
            {"id": str(uuid.uuid4()), "event": event, "created_at": timezone.now(), "data": data},
            cls=DjangoJSONEncoder,
        )
        deliveries.append(Delivery.objects.create(webhook=hook, event=event, body=body))
    for delivery in deliveries:
        enqueue("deliver_webhook", delivery.id)
    return deliveries


def emit_each(event: str, payloads: Callable[[], list[dict]]) -> list[Delivery]:
    """Queue one `event` per payload to every active webhook subscribed to it, the subscriptions
    read once for all (an article's new mismatches), the deliveries stored in one statement.
    `payloads` is called only when somebody listens."""
    hooks = [h for h in Webhook.objects.filter(active=True, client__revoked_at__isnull=True) if event in h.events]
    if not hooks:
        return []
    deliveries = []
    for data in payloads():
        for hook in hooks:
            body = json.dumps(
                {"id": str(uuid.uuid4()), "event": event, "created_at": timezone.now(), "data": data},
                cls=DjangoJSONEncoder,
            )
            deliveries.append(Delivery(webhook=hook, event=event, body=body))
    deliveries = Delivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        enqueue("deliver_webhook", delivery.id)
    return deliveries


# --- sending ----------------------------------------------------------------------------------


def _public(address: str) -> bool:
    """The same address rules as fetching pages (loopback, private, link-local... refused)."""
    return not refused_address(address)


def check_url(url: str) -> None:
    """Refuse what a webhook may not point at (unless private addresses are allowed, in tests)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL("a webhook URL must be http:// or https:// with a host")
    if settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE:
        return
    host = parts.hostname
    try:
        if not _public(host):
            raise UnsafeURL(f"{host} is not a public address")
    except ValueError as error:
        if isinstance(error, UnsafeURL):
            raise
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise UnsafeURL(f"{host} is not a public host") from None


def _resolve(host: str, port: int) -> str:
    """The address to connect to: checked here and then used, so that DNS cannot change between
    the check and the connection (rebinding)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise DeliveryError(f"cannot resolve {host}: {error}") from None
    addresses = [info[4][0] for info in infos]
    if not settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE:
        unsafe = [a for a in addresses if not _public(a)]
        if unsafe:
            raise UnsafeURL(f"{host} resolves to a non-public address ({unsafe[0]})")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    check_url(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _resolve(parts.hostname, port)
    cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = cls(parts.hostname, port, address, timeout=settings.CROSSCHECK_WEBHOOK_TIMEOUT_SECONDS)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(2000).decode(errors="replace")
        return response.status, text
    except (OSError, http.client.HTTPException) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from None
    finally:
        connection.close()


def deliver(*, delivery_id: int) -> str:
    """Send one delivery and log the attempt. Returns the delivery's status afterwards; raises
    DeliveryError when a retry may help."""
    delivery = Delivery.objects.select_related("webhook").filter(id=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return delivery.status if delivery else "missing"
    hook = delivery.webhook
    body = delivery.body.encode()
    # Each attempt is signed at its own time: a retry is fresh, a recorded request goes stale.
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Crosscheck-Webhooks/1.0",
        "X-Crosscheck-Event": delivery.event,
        "X-Crosscheck-Delivery": str(delivery.id),
        SIGNATURE_HEADER: sign(hook.secret, body),
        TIMESTAMP_HEADER: str(timestamp),
        TIMED_SIGNATURE_HEADER: sign_timed(hook.secret, body, timestamp),
    }
    entry = {"at": timezone.now().isoformat(), "status_code": None, "error": ""}
    Delivery.objects.filter(id=delivery.id).update(taken_by=current_worker())
    error = None
    try:
        code, text = post(hook.url, body, headers)
        entry["status_code"] = code
        if not 200 <= code < 300:
            error = DeliveryError(f"receiver answered {code}: {text[:200]}")
    except UnsafeURL as unsafe:
        entry["error"] = str(unsafe)
        _record(delivery, entry, status=Delivery.Status.FAILED)
        return Delivery.Status.FAILED
    except DeliveryError as failed:
        error = failed
    if error is None:
        _record(delivery, entry, status=Delivery.Status.DELIVERED)
        return Delivery.Status.DELIVERED
    entry["error"] = str(error)[:500]
    last = delivery.attempts + 1 >= settings.CROSSCHECK_WEBHOOK_MAX_ATTEMPTS
    error.countdown = None if last else backoff(delivery.attempts)
    _record(delivery, entry, status=Delivery.Status.FAILED if last else Delivery.Status.PENDING,
            retry_in=error.countdown)
    if last:
        return Delivery.Status.FAILED
    raise error


def backoff(retries: int) -> float:
    """Seconds before the next attempt: exponential with jitter, at most half an hour."""
    base = settings.CROSSCHECK_WEBHOOK_BACKOFF_SECONDS
    return min(random.uniform(base, base * 2 ** (retries + 1)), 30 * 60)


def _record(delivery: Delivery, entry: dict, *, status: str, retry_in: float | None = None) -> None:
    with transaction.atomic():
        row = Delivery.objects.select_for_update().get(id=delivery.id)
        row.log = [*row.log, entry]
        row.attempts = F("attempts") + 1
        row.status = status
        row.last_error = entry["error"][:500]
        row.taken_by = ""
        if status == Delivery.Status.DELIVERED:
            row.delivered_at = timezone.now()
        if retry_in is not None:
            row.next_attempt_at = timezone.now() + timedelta(seconds=retry_in)
        row.save(update_fields=["log", "attempts", "status", "last_error", "delivered_at", "taken_by",
                                "next_attempt_at"])


# --- recovering lost deliveries ---------------------------------------------------------------


def deliveries_sweep(*, older_than_seconds: int | None = None) -> int:
    """Queue again the pending deliveries whose message was lost: due more than the stale time
    ago (a broker down when they were made or retried), or in an attempt by a worker process that
    stopped beating (killed mid-delivery). Delivery is at least once; receivers tell repeats apart
    by the X-Crosscheck-Delivery header. Returns the number queued."""
    age = older_than_seconds if older_than_seconds is not None else settings.CROSSCHECK_WEBHOOK_STALE_AFTER_SECONDS
    now = timezone.now()
    dead_since = now - timedelta(seconds=settings.CROSSCHECK_HEARTBEAT_TIMEOUT_SECONDS)
    attempt_died = Q(next_attempt_at__lte=dead_since) & ~Q(taken_by="") & ~Q(taken_by__in=alive_workers())
    stale = Delivery.objects.filter(status=Delivery.Status.PENDING).filter(
        Q(next_attempt_at__lte=now - timedelta(seconds=age)) | attempt_died
    )
    queued = 0
    for delivery_id, due in stale.values_list("id", "next_attempt_at"):
        with transaction.atomic():
            # Seen due at `due` and untouched since: the next sweep leaves it while it waits.
            if Delivery.objects.filter(id=delivery_id, status=Delivery.Status.PENDING, next_attempt_at=due).update(
                next_attempt_at=now, taken_by=""
            ):
                enqueue("deliver_webhook", delivery_id)
                queued += 1
    return queued
