from collections import Counter

from django.core.management.base import BaseCommand

from facts.models import Check
from review.models import Review
from sources.models import Article


def excerpt(claim, width: int = 150) -> str:
    """The claim's sentence cut to a window around its quote."""
    sentence = " ".join(claim.sentence.split())
    at = max(0, sentence.find(claim.quote))
    start = max(0, min(at - width // 2, len(sentence) - width))
    text = sentence[start : start + width]
    return ("…" if start else "") + text + ("…" if start + width < len(sentence) else "")


def _status(check: Check) -> str:
    review = getattr(check, "review", None)
    return review.status if review is not None else Review.Status.OPEN


class Command(BaseCommand):
    help = "Print what the workbench holds: claims per article and kind, checks, every mismatch."

    def handle(self, *args, **options):
        write = self.stdout.write
        write("Claims per article and kind")
        for article in Article.objects.select_related("outlet").prefetch_related("claims").order_by("id"):
            kinds = Counter(c.kind for c in article.claims.all())
            shown = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())) or "none"
            write(f"  [{article.status}] {article.outlet.name}, {article.published}: {article.headline[:60]}")
            write(f"      {sum(kinds.values())} claims: {shown}")
        checks = Check.objects.select_related("claim__article__outlet", "review").prefetch_related("others__article__outlet")
        verdicts = Counter(c.verdict for c in checks)
        write("Checks by verdict: " + (", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())) or "none"))
        mismatches = [c for c in checks if c.is_mismatch]
        decided = Counter(c.review.status for c in mismatches if _status(c) != Review.Status.OPEN)
        if decided:
            write("Mismatches decided: " + ", ".join(f"{s} {n}" for s, n in sorted(decided.items())))
        write("Mismatches waiting for review")
        for check in mismatches:
            # Confirmed, dismissed and resolved mismatches are decided: only open ones wait.
            if _status(check) != Review.Status.OPEN:
                continue
            write(f"  {check.verdict.upper()} (score {check.score}): {check.explanation}")
            for claim in [check.claim, *check.others.all()]:
                write(f'      {claim.article.outlet.name}: "{excerpt(claim)}"')
