import json

from django.core.management.base import BaseCommand, CommandError

from api.serializers import ClaimWithFactSerializer, FactSerializer
from claims.models import Claim
from facts.models import Check, Fact
from review.serializers import CheckSerializer
from sources.models import Article


class Command(BaseCommand):
    help = "Print claims, checks or facts as JSON lines, in the shapes of the API (docs/contracts.md)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["claims", "checks", "facts"])
        parser.add_argument("--article", default="", help="only this article URL")

    def handle(self, *args, **options):
        if options["what"] == "claims":
            rows = Claim.objects.select_related("article__outlet", "fact_membership").order_by("article_id", "start")
            if options["article"]:
                rows = rows.filter(article__url=options["article"])
            serializer = ClaimWithFactSerializer
        elif options["what"] == "facts":
            rows = Fact.objects.prefetch_related("members").order_by("id")
            if options["article"]:
                rows = rows.filter(members__claim__article__url=options["article"]).distinct()
            serializer = FactSerializer
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
