"""What a run leaves stored, in a form that compares across runs."""


def snapshot():
    """Claims and checks in a form that does not depend on ids or arrival order."""
    from claims.models import Claim
    from facts.models import Check

    claims = sorted(
        Claim.objects.values_list(
            "article__url", "start", "end", "kind", "value", "low", "high", "date_value", "qualifier",
            "subject", "predicate", "attributed_to", "fact_key",
        )
    )
    span = lambda c: (c.article.url, c.start)  # noqa: E731
    checks = sorted(
        ((span(c.claim),), tuple(sorted(span(o) for o in c.others.all())), c.check_type, c.verdict, c.score)
        if c.check_type != "pair"
        else (tuple(sorted([span(c.claim), *(span(o) for o in c.others.all())])), (), "pair", c.verdict, c.score)
        for c in Check.objects.select_related("claim__article").prefetch_related("others__article")
    )
    return claims, checks
