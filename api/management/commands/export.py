import json

from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim
from claims.serializers import ClaimSerializer
from facts.models import Check
from review.serializers import CheckSerializer
from sources.models import Article


class Command(BaseCommand):
    help = "Print claims or checks as JSON lines, in the shapes of the API (DESIGN.md)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["claims", "checks"])
        parser.add_argument("--article", default="", help="only this article URL")

    def handle(self, *args, **options):
        if options["what"] == "claims":
            rows = Claim.objects.select_related("article__outlet").order_by("article_id", "start")
            if options["article"]:
                rows = rows.filter(article__url=options["article"])
            serializer = ClaimSerializer
        else:
            rows = Check.objects.select_related("review__reviewer", "review__assigned_to").prefetch_related("others").order_by("id")
            if options["article"]:
                rows = rows.filter(claim__article__url=options["article"]) | rows.filter(
                    others__article__url=options["article"]
                )
                rows = rows.distinct()
            serializer = CheckSerializer
        if options["article"] and not rows.exists():
            if not Article.objects.filter(url=options["article"]).exists():
                raise CommandError(f"no article with URL {options['article']}")
        for row in rows.iterator(chunk_size=500) if options["what"] == "claims" else rows:
            self.stdout.write(json.dumps(serializer(row).data, ensure_ascii=False))
