"""A database made by the layout before the pipeline's apps (checks and reviews in claims/,
API clients in hooks/, edited figures in sources/) migrates forward with every row kept."""
from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD_LAYOUT = [
    ("sources", "0004_feed_poll_schedule"),
    ("claims", "0002_claim_places"),
    ("hooks", "0001_initial"),
    ("facts", None),
    ("review", None),
    ("platform", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_old_layout_migrates_with_every_row_kept():
    moved = {app for app, _ in OLD_LAYOUT}
    old = _migrate([n for n in _latest() if n[0] not in moved] + OLD_LAYOUT)
    User = old.get_model("auth", "User")
    Group = old.get_model("auth", "Group")
    Permission = old.get_model("auth", "Permission")
    ContentType = old.get_model("contenttypes", "ContentType")
    editor = User.objects.create(username="old-editor")
    outlet = old.get_model("sources", "Outlet").objects.create(name="The Old Courier")
    Article = old.get_model("sources", "Article")
    first = Article.objects.create(outlet=outlet, body="Fire killed 12 people.", content_hash="a" * 64, published=date(2020, 1, 2))
    second = Article.objects.create(outlet=outlet, body="Fire killed 14 people.", content_hash="b" * 64, published=date(2020, 1, 3))
    Claim = old.get_model("claims", "Claim")
    fields = dict(kind="count", qualifier="exact", subject="people", predicate="kill", fact_key="count|people|kill", places=["Lyon"])
    a = Claim.objects.create(article=first, quote="12", sentence="Fire killed 12 people.", start=12, end=14, value=12, low=12, high=12, **fields)
    b = Claim.objects.create(article=second, quote="14", sentence="Fire killed 14 people.", start=12, end=14, value=14, low=14, high=14, **fields)
    check = old.get_model("claims", "Check").objects.create(
        claim=b, key=f"pair:{b.id}:{a.id}", verdict="updated", score=0.8, explanation="12 then 14"
    )
    check.others.add(a)
    review = old.get_model("claims", "Review").objects.create(check_obj=check, status="confirmed", note="14 is right", reviewer=editor)
    old.get_model("claims", "ReviewEvent").objects.create(review=review, check_key=check.key, action="review", to_status="confirmed", actor=editor)
    old.get_model("sources", "EditedFigure").objects.create(
        article=second, previous_article=first, claim=b, previous_claim=a, kind="count",
        quote_before="12", quote_after="14", sentence_before="x", sentence_after="y", start=12, end=14,
    )
    client = old.get_model("hooks", "ApiClient").objects.create(name="CMS", user=editor, prefix="abcd1234", key_hash="0" * 64)
    old.get_model("hooks", "Webhook").objects.create(client=client, url="https://example.org/hook", events=["check.mismatch"], secret="s")
    review_type, _ = ContentType.objects.get_or_create(app_label="claims", model="review")
    permission, _ = Permission.objects.get_or_create(content_type=review_type, codename="change_review", defaults={"name": "Can change review"})
    group = Group.objects.create(name="Old editors")
    group.permissions.add(permission)

    new = _migrate(_latest())

    Check = new.get_model("facts", "Check")
    moved = Check.objects.get(id=check.id)
    assert moved.claim_id == b.id and [c.id for c in moved.others.all()] == [a.id]
    moved_review = new.get_model("review", "Review").objects.get(id=review.id)
    assert moved_review.check_obj_id == check.id and moved_review.note == "14 is right"
    assert new.get_model("review", "ReviewEvent").objects.filter(review_id=review.id, actor_id=editor.id).count() == 1
    assert new.get_model("claims", "EditedFigure").objects.get().claim_id == b.id
    assert new.get_model("platform", "ApiClient").objects.get(id=client.id).prefix == "abcd1234"
    assert new.get_model("hooks", "Webhook").objects.get().client_id == client.id
    assert new.get_model("sources", "Article").objects.count() == 2
    assert new.get_model("claims", "Claim").objects.count() == 2
    # The permission moved with its model, so the group still may review.
    codes = set(new.get_model("auth", "Group").objects.get(id=group.id).permissions.values_list("content_type__app_label", "codename"))
    assert ("review", "change_review") in codes
