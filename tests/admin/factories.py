"""Rows for the review desk's tests, made directly (no spaCy): outlets, articles, claims at their
real offsets, and checks made by the real cross-check service so verdicts and explanations are the
product's own."""
from __future__ import annotations

import hashlib
import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Claim
from claims.nlp.reading import fact_key
from claims.services import claim_places_sync
from facts.models import Check
from facts.services import article_crosscheck
from sources.models import Article, Outlet
from workbench.platform.roles import EDITORS, VIEWERS, roles_ensure

PASSWORD = "a-long-test-password-42"
_serial = itertools.count(1)


def user(username: str, *, role: str | None = None, superuser: bool = False):
    roles_ensure()
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    person = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    if role:
        person.groups.add(Group.objects.get(name=role))
    return person


def editor(username: str = "edith"):
    return user(username, role=EDITORS)


def viewer(username: str = "victor"):
    return user(username, role=VIEWERS)


def article(
    body: str,
    *,
    outlet: str = "France 24",
    headline: str = "",
    url: str = "",
    published: date | None = date(2015, 11, 27),
    status: str = Article.Status.PROCESSED,
    error: str = "",
) -> Article:
    n = next(_serial)
    return Article.objects.create(
        outlet=Outlet.objects.get_or_create(name=outlet)[0],
        url=url or f"https://example.org/{n}",
        headline=headline or f"Headline {n}",
        published=published,
        raw=body,
        body=body,
        content_hash=hashlib.sha256(f"{n}:{body}".encode()).hexdigest(),
        status=status,
        error=error,
    )


def claim(
    article: Article,
    quote: str,
    *,
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    kind: str = "count",
    qualifier: str = "exact",
    subject: str = "people",
    predicate: str = "kill",
    attributed_to: str = "",
    places: list[str] | None = None,
    running_total: bool = False,
    occurrence: int = 0,
) -> Claim:
    """A claim at the place its quote sits in the article's body (the `occurrence`-th time)."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(quote, start + 1)
    end = start + len(quote)
    after_stop = article.body.rfind(". ", 0, start)
    sentence_start = max(after_stop + 2 if after_stop >= 0 else 0, article.body.rfind("\n", 0, start) + 1)
    sentence_end = article.body.find(".", end)
    sentence = article.body[sentence_start : sentence_end + 1 if sentence_end != -1 else len(article.body)]
    if value is not None and low is None and high is None and qualifier == "exact":
        low = high = value
    claim = Claim.objects.create(
        article=article,
        kind=kind,
        quote=quote,
        sentence=sentence,
        start=start,
        end=end,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        subject=subject,
        predicate=predicate,
        attributed_to=attributed_to,
        places=places if places is not None else ["Syria"],
        running_total=running_total,
        fact_key=fact_key(kind, subject, predicate),
    )
    claim_places_sync(claim=claim)  # as extraction does: candidates are found through it
    return claim


def crosscheck(*articles: Article) -> None:
    for a in articles:
        article_crosscheck(article_id=a.id)


FRANCE24_BODY = (
    "France 'could work with Assad's forces' against IS group\n\n"
    "French Foreign Minister Laurent Fabius said on Friday that Syrian government troops could help "
    "fight the Islamic State group.\n\n"
    "“If we want to move towards a free, united ... Syria, it cannot be that he [Assad] who is at the "
    "origin of 300,000 deaths and millions of refugees can lead [Syria] ... Assad cannot be the future "
    "of his people,” Fabius said.\n\n"
    "The minister spoke after talks in Paris."
)
MEE_BODY = (
    "France says Russia 'sincere' in cooperation to fight IS\n\n"
    "Raqqa was Syria's first provincial capital lost by the government. At least 300,000 people live "
    "there now, according to analyst Fabrice Balanche.\n\n"
    "And US President Barack Obama praised Russia as a \"constructive partner\" in international talks "
    "in Vienna aimed at reaching a solution to Syria's bloody conflict, which has cost 250,000 lives "
    "over more than four years.\n\n"
    "Russia says it destroyed some 500 fuel trucks."
)
NEWSHUB_BODY = (
    "Russia, France to up battle against Islamic State\n\n"
    "The war in Syria has killed more than 250,000 people, monitors say.\n\n"
    "Talks continue."
)


def syria_toll() -> dict:
    """The seed scenario: France 24 (2015-11-27) quotes Fabius on "300,000 deaths"; Middle East Eye
    (2015-11-19) says the conflict "has cost 250,000 lives"; Newshub agrees with the lower figure.
    Also Raqqa's "at least 300,000 people live there", a different fact that is never compared."""
    france24 = article(
        FRANCE24_BODY, outlet="France 24", published=date(2015, 11, 27),
        headline="France 'could work with Assad's forces' against IS group",
        url="https://www.france24.com/en/20151127-fabius-syrian-forces-france-syria-coalition-islamic-state-group",
    )
    mee = article(
        MEE_BODY, outlet="Middle East Eye", published=date(2015, 11, 19),
        headline="France says Russia 'sincere' in cooperation to fight IS",
        url="https://www.middleeasteye.net/news/france-says-russia-sincere-cooperation-fight",
    )
    newshub = article(
        NEWSHUB_BODY, outlet="Newshub", published=date(2015, 11, 27),
        headline="Russia, France to up battle against Islamic State",
        url="https://www.newshub.co.nz/home/world/2015/11/russia-france-to-up-battle-against-islamic-state.html",
    )
    deaths_300k = claim(france24, "300,000 deaths", value=300000, subject="death", predicate="kill",
                        attributed_to="Laurent Fabius")
    lives_250k = claim(mee, "250,000 lives", value=250000, subject="life", predicate="kill")
    killed_250k = claim(newshub, "more than 250,000 people", value=250000, low=250000, high=None,
                        qualifier="more_than", subject="people", predicate="kill", attributed_to="monitors")
    raqqa = claim(mee, "At least 300,000 people", value=300000, low=300000, high=None, qualifier="at_least",
                  subject="people", predicate="live", places=["Raqqa", "Syria"])
    trucks = claim(mee, "some 500 fuel trucks", value=500, low=450, high=550, qualifier="approximate",
                   subject="fuel truck", predicate="destroy", attributed_to="Russia")
    crosscheck(france24, mee, newshub)
    toll = Check.objects.get(key=f"pair:{max(deaths_300k.id, lives_250k.id)}:{min(deaths_300k.id, lives_250k.id)}")
    return dict(
        france24=france24, mee=mee, newshub=newshub, deaths_300k=deaths_300k, lives_250k=lives_250k,
        killed_250k=killed_250k, raqqa=raqqa, trucks=trucks, toll=toll,
    )


def paris_toll() -> dict:
    """A running total: 129 dead reported on the 18th, 130 on the 26th (an update, not a conflict)."""
    first = article("At least 129 people were killed in the Paris attacks on Friday.", outlet="Newshub",
                    published=date(2015, 11, 18))
    later = article("The Paris attacks killed 130 people.", outlet="France 24", published=date(2015, 11, 26))
    a = claim(first, "129", value=129, subject="people", predicate="kill", places=["Paris"], running_total=True)
    b = claim(later, "130", value=130, subject="people", predicate="kill", places=["Paris"], running_total=True)
    crosscheck(first, later)
    return dict(first=first, later=later, a=a, b=b, check=Check.objects.get(key=f"pair:{b.id}:{a.id}"))


SEED_FRANCE24 = "https://www.france24.com/en/20151127-fabius-syrian-forces-france-syria-coalition-islamic-state-group"
SEED_MEE = "https://www.middleeasteye.net/news/france-says-russia-sincere-cooperation-fight"


def seeded_syria_toll() -> Check:
    """The mismatch load_seeds raises between France 24's 300,000 deaths and MEE's 250,000 lives."""
    from django.db.models import Q

    return (
        Check.objects.filter(verdict__in=["conflict", "updated"])
        .filter(
            Q(claim__article__url=SEED_FRANCE24, claim__quote__contains="300,000",
              others__article__url=SEED_MEE, others__quote__contains="250,000")
            | Q(claim__article__url=SEED_MEE, claim__quote__contains="250,000",
                others__article__url=SEED_FRANCE24, others__quote__contains="300,000")
        )
        .distinct()
        .get()
    )


def correction_form(claim: Claim, *, reason: str = "Read again against the article.", **changes) -> dict:
    """The claim's admin page as posted: every correctable field at its current value, the
    changes given, and the reason."""
    current = {
        "value": "" if claim.value is None else f"{claim.value:g}",
        "low": "" if claim.low is None else f"{claim.low:g}",
        "high": "" if claim.high is None else f"{claim.high:g}",
        "qualifier": claim.qualifier, "unit": claim.unit, "kind": claim.kind, "subject": claim.subject,
        "predicate": claim.predicate, "attributed_to": claim.attributed_to, "places": ", ".join(claim.places),
        "event": claim.event, "refers_start": claim.refers_start.isoformat() if claim.refers_start else "",
        "refers_end": claim.refers_end.isoformat() if claim.refers_end else "", "scope": claim.scope,
    }
    if claim.running_total:
        current["running_total"] = "on"
    return {**current, **{k: str(v) for k, v in changes.items()}, "reason": reason, "_save": "Save"}
