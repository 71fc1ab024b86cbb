"""The `crosscheck_claims` spaCy component: finds the quantities of a Doc and reads each one in
its parse (no `from __future__ import annotations` here: spaCy reads the factory's type hints). Results go to `doc._.claims` (ClaimData) and `doc._.quantities` (every Quantity)."""

from spacy.language import Language
from spacy.tokens import Doc

from claims.nlp.quantities import find_quantities
from claims.nlp.reading import fill_ellipsis, quantity_span, read_claim

# Set before the pipeline runs: relative dates ("last Friday") resolve against it.
Doc.set_extension("reference_date", default=None, force=True)
# May be set before the pipeline runs by a caller that already scanned the text (to skip text
# with no numbers); otherwise the component scans it.
Doc.set_extension("quantities", default=None, force=True)
Doc.set_extension("claims", default=None, force=True)


class ClaimsReader:
    def __call__(self, doc: Doc) -> Doc:
        if doc._.quantities is None:
            doc._.quantities = find_quantities(doc.text, doc._.reference_date)
        dates = [
            (q, span)
            for q in doc._.quantities
            if q.kind == "date" and (span := quantity_span(doc, q)) is not None
        ]
        claims = []
        for quantity in doc._.quantities:
            claim = read_claim(doc, quantity, dates)
            if claim is not None:
                claims.append(claim)
        doc._.claims = fill_ellipsis(claims)
        return doc


@Language.factory("crosscheck_claims")
def make_claims_reader(nlp: Language, name: str) -> ClaimsReader:
    return ClaimsReader()
