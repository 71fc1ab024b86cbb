from collections import Counter

from django.core.management.base import BaseCommand

from facts.models import Check
from sources.models import Article


def excerpt(claim, width: int = 150) -> str:
    """The claim's sentence cut to a window around its quote."""
    sentence = " ".join(claim.sentence.split())
    at = max(0, sentence.find(claim.quote))
    start = max(0, min(at - width // 2, len(sentence) - width))
    text = sentence[start : start + width]
    return ("…" if start else "") + text + ("…" if start + width < len(sentence) else "")


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
        checks = Check.objects.select_related("claim__article__outlet").prefetch_related("others__article__outlet")
        verdicts = Counter(c.verdict for c in checks)
        write("Checks by verdict: " + (", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())) or "none"))
        write("Mismatches waiting for review")
        for check in checks:
            if not check.is_mismatch:
                continue
            write(f"  {check.verdict.upper()} (score {check.score}): {check.explanation}")
            for claim in [check.claim, *check.others.all()]:
                write(f'      {claim.article.outlet.name}: "{excerpt(claim)}"')
