"""Editors' decisions on mismatches, and their history."""
from django.conf import settings
from django.db import models

from claims.models import Claim
from facts.models import Check, Fact
from sources.models import Article


class Review(models.Model):
    """An editor's decision on a check. Every change is kept in ReviewEvent."""

    class Status(models.TextChoices):
        OPEN = "open"
        CONFIRMED = "confirmed"
        DISMISSED = "dismissed"
        RESOLVED = "resolved"

    check_obj = models.OneToOneField(
        Check, on_delete=models.CASCADE, related_name="review", db_column="check_id"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "claims_review"  # moved from claims/ with its table

    def __str__(self) -> str:
        return f"{self.get_status_display()} review of check {self.check_obj_id}"


class ReviewEvent(models.Model):
    """One change to a review: who, when, what. Never edited, never deleted with the check."""

    review = models.ForeignKey(Review, null=True, on_delete=models.SET_NULL, related_name="events")
    check_key = models.CharField(max_length=255, help_text="The check's key, kept if it is deleted.")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "claims_reviewevent"  # moved from claims/ with its table
        ordering = ["-at", "-id"]


class Decision(models.Model):
    """An editor's decision about one claim of a fact ("this figure is wrong", "a revision", ...).

    Keyed to the claim and its fact, and to the claim's place in its article (article, URL, span,
    quote): re-extraction keeps a claim found at the same span, and a claim deleted and found
    again (a re-read, a new version at the same URL) is re-attached by `decisions_reattach`, so
    decisions last. Changes are kept in DecisionEvent; a decision is withdrawn, never edited."""

    class Kind(models.TextChoices):
        WRONG = "wrong", "this figure is wrong"
        REVISION = "revision", "a revision (supersedes an earlier figure)"
        DISAGREE = "disagree", "sources disagree (both stand, attributed)"
        NOT_THIS_FACT = "not_this_fact", "not this fact"
        MERGE = "merge", "merge with another fact"

    class Status(models.TextChoices):
        ACTIVE = "active"
        WITHDRAWN = "withdrawn"

    fact = models.ForeignKey(Fact, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    # Where the claim was, kept when the claim row goes: how it is found again.
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    article_url = models.URLField(max_length=1000, blank=True)
    quote = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=15, choices=Kind.choices)
    # The earlier figure a revision supersedes, or the one a disagreement stands beside.
    other_claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merge_with = models.ForeignKey(Fact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            # One standing decision per claim: a new one replaces it (and says so in the history).
            models.UniqueConstraint(fields=["claim"], condition=models.Q(status="active"),
                                    name="decision_one_active_per_claim"),
        ]
        indexes = [models.Index(fields=["article", "start", "end"]), models.Index(fields=["article_url"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quote}"


class DecisionEvent(models.Model):
    """One thing that happened to a decision: made, replaced, withdrawn, re-attached. Never edited."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    kind = models.CharField(max_length=15)
    claim_id_then = models.BigIntegerField(null=True, blank=True, help_text="The claim's id at the time.")
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]


class ClaimReview(models.Model):
    """A schema.org ClaimReview made from an editor's decision about one claim: draft, then
    published, then perhaps withdrawn (ClaimReviewEvent keeps each step). What it rates is copied
    from the claim when it is published, so a published review reads the same whatever happens to
    the claim afterwards."""

    class State(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"
        WITHDRAWN = "withdrawn"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="claim_reviews")
    rating = models.CharField(max_length=30, help_text="A key of review/rules/ratings.json.")
    url = models.URLField(max_length=1000, blank=True, help_text="The newsroom's public fact-check page.")
    headline = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    # The claim as published: its sentence, where it appeared, who said it.
    claim_reviewed = models.TextField(blank=True)
    appearance = models.JSONField(default=dict, blank=True)
    claim_author = models.CharField(max_length=200, blank=True)
    claim_author_is_outlet = models.BooleanField(default=True)
    claim_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} ClaimReview of decision {self.decision_id}"


class ClaimReviewEvent(models.Model):
    """One step of a ClaimReview (drafted, published, withdrawn). Never edited."""

    claim_review = models.ForeignKey(ClaimReview, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]


class FactAssignment(models.Model):
    """A fact given to an editor (or taken back: `assigned_to` empty). Rows are never edited: the
    latest one is the fact's assignee, the others its history."""

    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="assignments")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["fact", "-at", "-id"])]


class QueueVisit(models.Model):
    """When an editor last looked at the queue of facts to decide: what changed since is new."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
