"""API test rows made directly, without spaCy or the cross-check service: the API is tested on
its own, whatever the comparison decides."""
from __future__ import annotations

from datetime import date

from facts.models import Check
from facts.services import fact_resolve
from review.models import Review
from tests.admin import factories


def check(claim, others, *, verdict: str = "updated", explanation: str = "a later, higher running total") -> Check:
    made = Check.objects.create(
        claim=claim, key=f"pair:{claim.id}:{','.join(str(o.id) for o in others)}", verdict=verdict, score=0.9,
        explanation=explanation,
    )
    made.others.set(others)
    if made.is_mismatch:
        Review.objects.create(check_obj=made)
    # The claims join their fact as the cross-check service would have them do.
    for member in (claim, *others):
        fact_resolve(claim=member)
    return made


def paris_toll() -> dict:
    """129 dead reported on the 18th, 130 on the 26th: an update under review."""
    first = factories.article("At least 129 people were killed in the Paris attacks on Friday.", outlet="Newshub",
                              published=date(2015, 11, 18))
    later = factories.article("The Paris attacks killed 130 people.", outlet="France 24", published=date(2015, 11, 26))
    a = factories.claim(first, "129", value=129, places=["Paris"], running_total=True)
    b = factories.claim(later, "130", value=130, places=["Paris"], running_total=True)
    return dict(first=first, later=later, a=a, b=b, check=check(b, [a]))


def many(n: int) -> None:
    """n articles of two claims each, checked pairwise: rows for the query-count tests."""
    previous = None
    for i in range(n):
        body = f"Officials said {100 + i} people were killed and {200 + i} people were hurt."
        art = factories.article(body, outlet=f"Outlet {i % 3}", published=date(2020, 1, 1 + i % 28))
        killed = factories.claim(art, f"{100 + i} people", value=100 + i, places=["Gaza"])
        hurt = factories.claim(art, f"{200 + i} people", value=200 + i, predicate="hurt", places=["Gaza"])
        fact_resolve(claim=hurt)
        if previous is not None:
            made = check(killed, [previous], verdict="conflict" if i % 2 else "consistent")
            if made.is_mismatch:
                Review.objects.filter(check_obj=made).update(status="confirmed", note="n", reviewed_at="2020-02-01T00:00:00Z")
        previous = killed
