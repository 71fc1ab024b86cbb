"""Webhooks: subscriptions per client, deliveries signed with HMAC-SHA256 over the body, retried
after a failure, logged; private addresses refused unless allowed (the tests' local receiver)."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks import events
from webhooks.models import Delivery, Webhook
from webhooks.services import emit

pytestmark = pytest.mark.django_db
SECRET = "a-shared-secret-of-some-length"


class Receiver:
    """A local HTTP server that answers the queued status codes in turn (then 200), keeping what
    it received."""

    def __init__(self, codes=()):
        self.codes = list(codes)
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok" if code == 200 else b"try later")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def allow_loopback(settings):
    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE = True


def subscribe(api, url, events=("check.mismatch",)):
    response = api.post("/api/v1/webhooks/", {"url": url, "secret": SECRET, "events": list(events)}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_delivery_is_signed_and_retried_after_a_failure(viewer_api, allow_loopback, django_capture_on_commit_callbacks):
    with Receiver(codes=[500]) as receiver:
        subscribe(viewer_api, receiver.url, events=["check.mismatch", "review.changed"])
        with django_capture_on_commit_callbacks(execute=True):
            [delivery] = emit("check.mismatch", {"check": {"id": 7}})
    assert len(receiver.received) == 2  # the failure, then the retry
    for headers, body in receiver.received:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Crosscheck-Signature"], expected)
        assert headers["X-Crosscheck-Event"] == "check.mismatch"
        assert json.loads(body)["data"] == {"check": {"id": 7}}
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2
    assert [e["status_code"] for e in delivery.log] == [500, 200]
    assert "500" in delivery.log[0]["error"]
    # The client sees what was sent and what failed.
    seen = viewer_api.get("/api/v1/deliveries/").json()["results"]
    assert seen[0]["id"] == delivery.id and seen[0]["body"] == receiver.received[0][1].decode()
    assert [e["status_code"] for e in seen[0]["log"]] == [500, 200]


def test_a_delivery_that_keeps_failing_ends_failed_after_the_last_attempt(viewer_api, allow_loopback, settings, django_capture_on_commit_callbacks):
    settings.CROSSCHECK_WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver(codes=[503] * 10) as receiver:
        subscribe(viewer_api, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            [delivery] = emit("check.mismatch", {"n": 1})
    delivery.refresh_from_db()
    assert len(receiver.received) == 3
    assert delivery.status == "failed" and delivery.attempts == 3 and "503" in delivery.last_error


def test_only_subscribed_active_webhooks_get_an_event(viewer_api, allow_loopback, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        subscribe(viewer_api, receiver.url, events=["article.processed"])
        with django_capture_on_commit_callbacks(execute=True):
            assert emit("check.mismatch", {"n": 1}) == []
            assert len(emit("article.processed", {"n": 2})) == 1
    assert len(receiver.received) == 1


def test_a_client_cannot_see_or_change_another_clients_webhooks_or_deliveries(viewer_api, editor_api, allow_loopback):
    mine = subscribe(viewer_api, "http://127.0.0.1:9/mine")
    Delivery.objects.create(webhook_id=mine["id"], event="check.mismatch", body="{}")
    other = editor_api
    assert other.get("/api/v1/webhooks/").json()["count"] == 0
    assert other.get("/api/v1/deliveries/").json()["count"] == 0
    assert other.get(f"/api/v1/webhooks/{mine['id']}/").status_code == 404
    assert other.get(f"/api/v1/webhooks/{mine['id']}/deliveries/").json()["count"] == 0
    delivery = Delivery.objects.get()
    assert other.get(f"/api/v1/deliveries/{delivery.id}/").status_code == 404
    assert other.patch(f"/api/v1/webhooks/{mine['id']}/", {"url": "http://127.0.0.1:9/x"}, format="json").status_code == 404
    assert other.delete(f"/api/v1/webhooks/{mine['id']}/").status_code == 404
    assert Webhook.objects.get().url == "http://127.0.0.1:9/mine"
    # The owner sees its own, without the secret.
    own = viewer_api.get(f"/api/v1/webhooks/{mine['id']}/").json()
    assert own["url"] == "http://127.0.0.1:9/mine" and "secret" not in own
    assert viewer_api.get(f"/api/v1/deliveries/{delivery.id}/").status_code == 200


def test_session_users_without_a_key_get_a_clear_refusal(client, viewer_key):
    client.force_login(viewer_key[0].user)
    response = client.get("/api/v1/webhooks/")
    assert response.status_code == 403 and "Api-Key" in response.json()["detail"]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://localhost:8000/x", "http://10.0.0.5/x", "http://169.254.169.254/latest",
    "http://[::1]/x", "ftp://example.org/x", "http://192.168.1.1/",
])
def test_private_and_loopback_receivers_are_refused(viewer_api, url):
    response = viewer_api.post("/api/v1/webhooks/", {"url": url, "secret": SECRET, "events": ["check.mismatch"]}, format="json")
    assert response.status_code == 400 and "url" in response.json()


def test_a_name_resolving_to_a_private_address_is_refused_at_delivery(viewer_key, django_capture_on_commit_callbacks):
    # Subscribed while allowed, delivered when not: the resolved address is checked before sending.
    client, _ = viewer_key
    hook = Webhook.objects.create(client=client, url="http://localhost.example.invalid./x", secret=SECRET, events=["check.mismatch"])
    from unittest import mock

    with mock.patch("socket.getaddrinfo", return_value=[(2, 1, 6, "", ("127.0.0.1", 80))]):
        with django_capture_on_commit_callbacks(execute=True):
            [delivery] = emit("check.mismatch", {"n": 1})
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "non-public" in delivery.last_error and hook.id == delivery.webhook_id


def test_revoked_clients_get_no_deliveries(viewer_key, allow_loopback):
    from django.utils import timezone

    client, _ = viewer_key
    Webhook.objects.create(client=client, url="http://127.0.0.1:9/x", secret=SECRET, events=["check.mismatch"])
    client.revoked_at = timezone.now()
    client.save()
    assert emit("check.mismatch", {"n": 1}) == []


def test_the_event_helpers_send_the_contract_shapes(viewer_api, paris, allow_loopback, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        subscribe(viewer_api, receiver.url, events=["check.mismatch", "review.changed", "article.processed"])
        with django_capture_on_commit_callbacks(execute=True):
            events.mismatch_found(check_id=paris["check"].id)
            events.review_updated(check_id=paris["check"].id)
            events.article_processed(article_id=paris["later"].id)
    bodies = [json.loads(body) for _, body in receiver.received]
    assert sorted(b["event"] for b in bodies) == ["article.processed", "check.mismatch", "review.changed"]
    check = next(b for b in bodies if b["event"] == "check.mismatch")["data"]["check"]
    assert {"id", "claim", "other", "verdict", "score", "explanation", "review"} <= set(check)
    article = next(b for b in bodies if b["event"] == "article.processed")["data"]["article"]
    assert article["id"] == paris["later"].id and article["status"] == "processed"


def test_pending_deliveries_whose_message_was_lost_are_queued_again(viewer_key, allow_loopback, django_capture_on_commit_callbacks):
    from workers.webhook_tasks import requeue_deliveries

    with Receiver() as receiver:
        hook = Webhook.objects.create(client=viewer_key[0], url=receiver.url, secret=SECRET, events=["check.mismatch"])
        lost = Delivery.objects.create(webhook=hook, event="check.mismatch", body='{"n": 1}')
        Delivery.objects.filter(id=lost.id).update(next_attempt_at="2020-01-01T00:00:00Z")
        fresh = Delivery.objects.create(webhook=hook, event="check.mismatch", body='{"n": 2}')
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_deliveries() == 1
    assert [body for _, body in receiver.received] == [b'{"n": 1}']
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == "delivered" and fresh.status == "pending"


def test_decisions_and_published_claim_reviews_are_announced_with_quotes_outlets_and_links(
    viewer_api, paris, allow_loopback, django_capture_on_commit_callbacks,
):
    from review.services import claimreview_draft, claimreview_publish, decision_make

    with Receiver() as receiver:
        subscribe(viewer_api, receiver.url, events=["decision.made", "claimreview.published"])
        with django_capture_on_commit_callbacks(execute=True):
            decision = decision_make(claim_id=paris["b"].id, kind="revision", other_claim_id=paris["a"].id,
                                     note="The toll rose to 130.")
        with django_capture_on_commit_callbacks(execute=True):
            draft = claimreview_draft(decision_id=decision.id, rating="outdated")
            claimreview_publish(claim_review_id=draft.id, url="https://newsroom.example.org/checks/paris")
    bodies = {json.loads(body)["event"]: json.loads(body)["data"] for _, body in receiver.received}
    assert set(bodies) == {"decision.made", "claimreview.published"}
    made = bodies["decision.made"]
    assert made["decision"]["id"] == decision.id and made["decision"]["note"] == "The toll rose to 130."
    assert made["claim"]["quote"] == "130" and made["claim"]["article"]["outlet"] == "France 24"
    assert made["claim"]["article"]["url"] == paris["later"].url
    assert made["other_claim"]["quote"] == "129" and made["other_claim"]["article"]["outlet"] == "Newshub"
    published = bodies["claimreview.published"]
    assert published["decision"] == decision.id
    assert published["claim_review"]["url"] == "https://newsroom.example.org/checks/paris"
    assert published["claim_review"]["itemReviewed"]["appearance"][0]["url"] == paris["later"].url


def test_the_timed_signature_covers_the_timestamp_so_a_replay_goes_stale(viewer_api, allow_loopback, django_capture_on_commit_callbacks):
    from webhooks.services import verify_timed

    with Receiver() as receiver:
        subscribe(viewer_api, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            emit("check.mismatch", {"check": {"id": 9}})
    [(headers, body)] = receiver.received
    signed_at = int(headers["X-Crosscheck-Timestamp"])
    header = headers["X-Crosscheck-Signature-Timed"]
    assert header.startswith(f"t={signed_at},sha256=")
    assert verify_timed(SECRET, body, header, now=signed_at + 10)
    assert not verify_timed(SECRET, body, header, now=signed_at + 3600)  # replayed an hour later
    assert not verify_timed(SECRET, body + b" ", header, now=signed_at)  # another body
    forged = header.replace(f"t={signed_at}", f"t={signed_at + 3600}")  # a fresh time, the old HMAC
    assert not verify_timed(SECRET, body, forged, now=signed_at + 3600)
    assert not verify_timed("another-secret-of-some-length", body, header, now=signed_at)
    assert not verify_timed(SECRET, body, "garbage", now=signed_at)
