"""Score fact resolution on a development set of real news (`manage.py score_facts`).

The gold (shared/devsets/facts/gold.json and annotation files of the same shape in tests/data/)
names claims by a quote in an article, the pairs that state one fact with their verdicts, traps
(same number or words, different fact) and syndicated pairs. The articles' texts live outside the
repository (`--texts DIR`, one `<id>.txt` each). The scoring follows the set's README: a product
claim matches a gold claim when it is in the gold claim's article, overlaps its quote and holds
its figure as written; a link is found when the two matched claims were compared, and right when
the verdict is one the gold accepts."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from claims.models import Claim
from facts.models import Check
from sources.models import Article
from sources.services import article_ingest

SHARED_GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "devsets" / "facts" / "gold.json"


def load_gold(paths: list[Path]) -> dict:
    """Merge gold files: the shared set and annotations of our own that refer to its articles."""
    merged: dict = {"docs": {}, "claims": [], "links": [], "traps": [], "syndicated": [], "sources": {}}
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        merged["docs"].update(data.get("docs", {}))
        for key in ("claims", "links", "traps", "syndicated"):
            merged[key].extend(data.get(key, []))
    sources = SHARED_GOLD.with_name("sources.json")
    if sources.exists():
        merged["sources"] = {a["id"]: a for a in json.loads(sources.read_text(encoding="utf-8"))["articles"]}
    return merged


def ingest_devset(gold: dict, texts: Path) -> dict[str, int]:
    """Ingest every article of the set (in-process); returns doc id -> article id."""
    articles = {}
    for doc, meta in sorted(gold["docs"].items()):
        source = gold["sources"].get(doc, {})
        text = (texts / meta.get("file", f"{doc}.txt")).read_text(encoding="utf-8")
        result = article_ingest(
            raw=text, outlet=source.get("outlet", doc), url=source.get("url", ""),
            published=_date(meta.get("published")), headline="",
        )
        articles[doc] = result.article.id
    return articles


def _date(value):
    return date.fromisoformat(value) if value else None


def _match(gold_claim: dict, article_id: int, claims_by_article: dict[int, list[Claim]], body: str) -> Claim | None:
    quote, num = gold_claim["quote"], gold_claim.get("num", "")
    at = body.find(quote)
    if at < 0:
        return None
    span = (at, at + len(quote))
    for claim in claims_by_article.get(article_id, []):
        if claim.start < span[1] and span[0] < claim.end and num in body[claim.start : claim.end]:
            return claim
    return None


def compared(check_rows: list[Check]) -> dict[frozenset, str]:
    """Every pair of claims a check compared, with the verdict it gave."""
    pairs: dict[frozenset, str] = {}
    for check in check_rows:
        for other in check.others.all():
            pairs[frozenset((check.claim_id, other.id))] = check.verdict
    return pairs


def score(gold: dict, articles: dict[str, int]) -> dict:
    bodies = dict(Article.objects.filter(id__in=articles.values()).values_list("id", "body"))
    by_article: dict[int, list[Claim]] = {}
    for claim in Claim.objects.filter(article_id__in=articles.values()).order_by("start"):
        by_article.setdefault(claim.article_id, []).append(claim)
    matched = {
        g["id"]: _match(g, articles[g["doc"]], by_article, bodies[articles[g["doc"]]])
        for g in gold["claims"] if g["doc"] in articles
    }
    pairs = compared(list(Check.objects.filter(check_type="pair").prefetch_related("others")))
    found = right = 0
    missed = []
    expected_mismatches = set()
    for link in gold["links"]:
        a, b = matched.get(link["a"]), matched.get(link["b"])
        accept = {link["verdict"], *link.get("accept", [])}
        if a and b and accept & {"conflict", "updated"}:
            expected_mismatches.add(frozenset((a.id, b.id)))
        verdict = pairs.get(frozenset((a.id, b.id))) if a and b else None
        if verdict is None:
            missed.append(f"{link['a']} ~ {link['b']} ({link['verdict']}): not compared")
            continue
        found += 1
        if verdict in accept:
            right += 1
        else:
            missed.append(f"{link['a']} ~ {link['b']}: {verdict}, gold {link['verdict']}")
    traps_hit = [
        f"{t['a']} ~ {t['b']}"
        for t in gold["traps"] + gold["syndicated"]
        if matched.get(t["a"]) and matched.get(t["b"]) and frozenset((matched[t["a"]].id, matched[t["b"]].id)) in pairs
    ]
    # Links are given star- or chain-wise: every two claims of one gold fact state it, so a
    # mismatch between any two of them (an early and a late toll not linked directly) is expected.
    fact_of = {matched[g["id"]].id: g["about"].split(";")[0] for g in gold["claims"] if matched.get(g["id"])}
    mismatches = [p for p, v in pairs.items() if v in ("conflict", "updated")]
    noise = [
        p for p in mismatches
        if p not in expected_mismatches and not (len({fact_of.get(c) for c in p}) == 1 and all(c in fact_of for c in p))
    ]
    n_links = len(gold["links"])
    return {
        "articles": len(articles),
        "stories": len({s.get("story") for d, s in gold["sources"].items() if d in articles}),
        "claims": len(gold["claims"]),
        "claims_found": sum(1 for c in matched.values() if c),
        "pairs": n_links,
        "pairs_found": found,
        "verdicts_right": right,
        "pairs_recall": round(found / n_links, 3) if n_links else None,
        "verdicts_right_share": round(right / n_links, 3) if n_links else None,
        "pairs_compared": len(pairs),
        "traps": len(gold["traps"]) + len(gold["syndicated"]),
        "traps_hit": len(traps_hit),
        "mismatches": len(mismatches),
        "noise": len(noise),
        "noise_per_10_articles": round(10 * len(noise) / len(articles), 2) if articles else None,
        "verdicts": dict(Counter(pairs.values())),
        "failures": {"links": missed, "traps": traps_hit},
    }
