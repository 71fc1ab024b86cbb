"""The API's written-out claim representation is the Claim contract as DRF's fields make it."""
from datetime import date

import pytest

from api.serializers import ClaimWithFactSerializer
from claims.models import Claim
from claims.serializers import ClaimSerializer
from facts.services import fact_resolve
from tests.admin import factories

pytestmark = pytest.mark.django_db


def test_the_fast_claim_representation_equals_the_fields_one():
    dated = factories.article("Since 30 September, 60 km (40 miles) of road and 130 people.", published=None)
    number = factories.article("At least 129 people were killed in Paris.", published=date(2015, 11, 18))
    claims = [
        factories.claim(number, "129", value=129, low=129, high=None, qualifier="at_least", places=["Paris"]),
        factories.claim(dated, "60 km", value=60, kind="measure", subject="road", predicate=""),
        factories.claim(dated, "130", value=130, places=[]),
    ]
    day = factories.claim(dated, "30 September", kind="date", subject="", predicate="")
    Claim.objects.filter(id=day.id).update(date_value="2015-09-30", date_low=date(2015, 9, 30),
                                           date_high=date(2015, 9, 30), unit="")
    Claim.objects.filter(id=claims[1].id).update(unit="km", refers_start=date(2015, 9, 1), refers_end=date(2015, 9, 30))
    fact_resolve(claim=claims[0])
    for claim in Claim.objects.select_related("article__outlet", "fact_membership"):
        fields = dict(ClaimSerializer(claim).data)
        membership = getattr(claim, "fact_membership", None)
        fields["fact"] = membership.fact_id if membership else None
        fast = ClaimWithFactSerializer(claim).data
        assert fast == fields and list(fast) == list(fields)
