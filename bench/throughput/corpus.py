"""A deterministic corpus of realistic news articles whose claims are known in advance.

Articles are written from templates around generated events (a strike, a flood, job cuts, a
protest, migrants arriving): several outlets report each event on different days, with the hedges
("some", "at least", "nearly"), relative dates ("last Friday", "on Tuesday"), units and running
totals that real reports use, and with paragraphs of quotes and background that hold no number,
as real articles do. Every figure written is recorded with its character offsets, kind, value and
qualifier, so the benchmark can report the recall of the extraction.

The same seed gives the same corpus, byte for byte, on every machine."""
from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class KnownClaim:
    start: int
    end: int
    quote: str
    kind: str
    # Numbers as floats in the stated unit, dates as ISO strings; None for vague figures
    # ("dozens"), whose kind alone is checked.
    value: float | str | None
    qualifier: str = "exact"
    unit: str | None = None


@dataclass(frozen=True)
class CorpusArticle:
    outlet: str
    url: str
    headline: str
    published: date
    text: str
    claims: tuple[KnownClaim, ...]
    event: int

    @property
    def words(self) -> int:
        return len(self.text.split())


def generate(count: int, *, seed: int = 2015) -> list[CorpusArticle]:
    """`count` articles, two to four per event, events one to three days apart."""
    rng = random.Random(seed)
    articles: list[CorpusArticle] = []
    day = date(2015, 1, 5) + timedelta(days=rng.randrange(300))
    event_number = 0
    while len(articles) < count:
        event = _event(rng, event_number, day)
        outlets = rng.sample(OUTLETS, k=min(len(OUTLETS), rng.randint(2, 4)))
        for order, outlet in enumerate(outlets):
            if len(articles) == count:
                break
            published = event.day + timedelta(days=rng.randint(1, 3) + 3 * order)
            articles.append(_article(rng, event, outlet, published, order, len(articles)))
        event_number += 1
        day += timedelta(days=rng.randint(1, 3))
    return articles


# --- vocabulary ------------------------------------------------------------------------------

OUTLETS = [
    ("The Daily Ledger", "dailyledger.example"), ("Northern Courier", "northerncourier.example"),
    ("Global Wire Service", "globalwire.example"), ("The Evening Herald", "eveningherald.example"),
    ("Capital Times", "capitaltimes.example"), ("Coastal Observer", "coastalobserver.example"),
    ("World News Today", "worldnewstoday.example"), ("The Continental", "continental.example"),
    ("Morning Chronicle", "morningchronicle.example"), ("Harbour Post", "harbourpost.example"),
    ("The Independent Monitor", "indepmonitor.example"), ("Frontline Report", "frontlinereport.example"),
]

PLACES = [
    ("Aleppo", "Syria", "Syrian"), ("Raqqa", "Syria", "Syrian"), ("Homs", "Syria", "Syrian"),
    ("Mosul", "Iraq", "Iraqi"), ("Ramadi", "Iraq", "Iraqi"), ("Kabul", "Afghanistan", "Afghan"),
    ("Kunduz", "Afghanistan", "Afghan"), ("Donetsk", "Ukraine", "Ukrainian"),
    ("Mariupol", "Ukraine", "Ukrainian"), ("Benghazi", "Libya", "Libyan"), ("Sanaa", "Yemen", "Yemeni"),
    ("Aden", "Yemen", "Yemeni"), ("Maiduguri", "Nigeria", "Nigerian"), ("Mogadishu", "Somalia", "Somali"),
    ("Juba", "South Sudan", "South Sudanese"), ("Kathmandu", "Nepal", "Nepalese"),
    ("Chennai", "India", "Indian"), ("Dhaka", "Bangladesh", "Bangladeshi"), ("Manila", "the Philippines", "Philippine"),
    ("Lesbos", "Greece", "Greek"), ("Lampedusa", "Italy", "Italian"), ("Calais", "France", "French"),
    ("Sheffield", "Britain", "British"), ("Valencia", "Spain", "Spanish"), ("Lagos", "Nigeria", "Nigerian"),
    ("Caracas", "Venezuela", "Venezuelan"), ("Bangkok", "Thailand", "Thai"), ("Karachi", "Pakistan", "Pakistani"),
]

FIRST = ["Ahmed", "Maria", "John", "Fatima", "Olena", "Carlos", "Amina", "David", "Leila", "Samuel",
         "Hannah", "Omar", "Grace", "Ivan", "Priya", "Yusuf", "Elena", "Kwame", "Sara", "Tomas"]
LAST = ["Haddad", "Rossi", "Okafor", "Petrenko", "Garcia", "Rahman", "Mensah", "Nguyen", "Schmidt",
        "Khalil", "Dubois", "Moreno", "Sato", "Kowalski", "Osei", "Farah", "Lindqvist", "Novak"]
ROLES = ["a spokesman for the local council", "a doctor at the main hospital", "the regional governor",
         "a senior aid official", "an opposition politician", "a local resident", "a police spokeswoman",
         "the head of the emergency services", "a shopkeeper", "a teacher who fled with her family"]
SOURCES = ["officials", "the health ministry", "local authorities", "a police spokesman", "rescue workers",
           "the United Nations", "the Red Cross", "a monitoring group", "hospital sources", "the governor's office"]

QUOTES = [
    "We are doing everything we can to help the families",
    "The situation is getting worse every day",
    "Nobody expected this, and nobody was ready for it",
    "We need the international community to act now",
    "There is no water, no electricity and very little food",
    "People are afraid to leave their homes",
    "We have asked for help again and again, and nobody listens",
    "Our teams are working around the clock",
    "This is a tragedy for the whole country",
    "We will rebuild, but it will take years",
]
BACKGROUND = [
    "{place} has been at the centre of the crisis for months, and aid groups have repeatedly warned of shortages.",
    "The {org} said it was sending teams to assess the damage.",
    "Residents described scenes of panic as the news spread through the neighbourhood.",
    "The government has promised an investigation but has given few details.",
    "Opposition leaders accused the authorities of ignoring earlier warnings.",
    "Aid workers said access to the worst-hit areas remained difficult.",
    "Local hospitals were struggling to cope, doctors said.",
    "The {org} called for calm and urged all sides to respect the law.",
    "The {demonym} foreign ministry condemned what it called an outrage.",
    "It was not immediately possible to verify the reports independently.",
    "Critics say the response has been slow and poorly coordinated.",
    "Neighbouring countries have offered help, and more is expected.",
    "Journalists were not allowed into the area, and phone lines were down.",
    "The authorities in {country} have declared a state of emergency in the region.",
    "Diplomats in the capital said the talks had stalled over the question of who would pay.",
    "Television pictures showed people queuing for bread outside shuttered shops.",
    "The mayor of {place} said the city needed help from the central government without delay.",
    "Human rights groups have long criticised the way the authorities handle such crises.",
    "Schools in {place} remained closed, and many families had moved in with relatives.",
    "Analysts said the events would put further pressure on a government already weakened by scandal.",
    "The {org} said its staff on the ground were reporting a steady worsening of conditions.",
    "Witnesses said the streets were almost empty by nightfall, apart from army patrols.",
    "Officials in {place} declined to comment on the reports when contacted by telephone.",
    "The prime minister cut short a foreign trip and was expected to visit the area.",
    "Volunteers organised collections of blankets, clothes and medicine in several cities.",
    "The {demonym} press has given the story wide coverage, much of it critical of the government.",
    "Local businesses said they feared the disruption would last for weeks.",
    "Churches and mosques in {place} opened their doors to people with nowhere else to go.",
    "Insurance companies have warned that claims could be slow to process.",
    "The opposition demanded a full parliamentary inquiry into the handling of the crisis.",
]
ORGS = ["Red Cross", "World Food Programme", "UN refugee agency", "European Commission",
        "International Organization for Migration", "Committee to Protect Journalists", "World Health Organization"]

HEDGES = [  # (words, qualifier, weight)
    ("", "exact", 6), ("some ", "approximate", 3), ("about ", "approximate", 2), ("around ", "approximate", 1),
    ("at least ", "at_least", 4), ("more than ", "more_than", 3), ("nearly ", "at_most", 2),
    ("up to ", "at_most", 1), ("fewer than ", "less_than", 1),
]
SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    """A claim slot of a template: the text the claim's quote covers, then plain text after it."""

    quote: str
    tail: str
    kind: str
    value: float | str | None
    qualifier: str = "exact"
    unit: str | None = None


def _number(value: float, rng: random.Random) -> str:
    if value >= 1_000_000:
        millions = value / 1_000_000
        return f"{millions:.1f} million".replace(".0 million", " million")
    if value < 10 and value == int(value) and rng.random() < 0.5:
        return SMALL[int(value)]
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"


def _count(value: float, tail: str, rng: random.Random, *, exact: bool = False) -> _Figure:
    words, qualifier, _ = ("", "exact", 0) if exact else _pick_hedge(rng)
    return _Figure(words + _number(value, rng), tail, "count", float(value), qualifier)


def _pick_hedge(rng: random.Random):
    return rng.choices(HEDGES, weights=[h[2] for h in HEDGES])[0]


def _measure(value: float, unit_words: str, unit: str, tail: str, rng: random.Random) -> _Figure:
    words, qualifier, _ = rng.choice([h for h in HEDGES if h[1] in ("exact", "approximate")])
    return _Figure(f"{words}{_number(value, rng)} {unit_words}", tail, "measure", float(value), qualifier, unit)


def _money(value: float, rng: random.Random, tail: str = "") -> _Figure:
    symbol, code = rng.choice([("$", "USD"), ("€", "EUR"), ("£", "GBP")])
    return _Figure(f"{symbol}{_number(value, rng)}", tail, "money", float(value), "exact", code)


def _percent(value: float, rng: random.Random, tail: str = "") -> _Figure:
    form = rng.choice(["{}%", "{} percent", "{} per cent"])
    return _Figure(form.format(f"{value:g}"), tail, "percent", float(value))


def _when(day: date, published: date, rng: random.Random) -> tuple[str, _Figure]:
    """A date as a reporter writes it, relative to publication: ("on ", figure)."""
    delta = (published - day).days
    weekday = calendar.day_name[day.weekday()]
    if 1 <= delta <= 6 and rng.random() < 0.7:
        if delta >= 4 and rng.random() < 0.5:
            return "", _Figure(f"last {weekday}", "", "date", day.isoformat())
        return "on ", _Figure(weekday, "", "date", day.isoformat())
    return "on ", _Figure(f"{day.day} {calendar.month_name[day.month]}", "", "date", day.isoformat())


# --- events ----------------------------------------------------------------------------------


@dataclass
class _Event:
    number: int
    topic: str
    day: date
    place: tuple[str, str, str]
    figures: dict = field(default_factory=dict)


def _event(rng: random.Random, number: int, day: date) -> _Event:
    topic = rng.choice(["strike", "flood", "jobs", "protest", "migrants"])
    place = rng.choice(PLACES)
    f: dict = {}
    if topic == "strike":
        f = dict(killed=rng.randint(5, 140), wounded=rng.randint(20, 400), homes=rng.randint(30, 900),
                 families=rng.choice([200, 450, 800, 1200, 3000, 5000]), cost=rng.choice([1.5e6, 3.5e6, 12e6, 40e6]),
                 prices=rng.choice([12, 20, 35, 50]), distance=rng.choice([(60, 40), (30, 20), (120, 75)]))
    elif topic == "flood":
        f = dict(killed=rng.randint(3, 90), homeless=rng.choice([800, 2500, 8000, 15000, 40000]),
                 rain=rng.choice([90, 120, 180, 250]), hours=rng.choice([12, 24, 36, 48]),
                 hectares=rng.choice([1200, 3000, 9000]), cost=rng.choice([25e6, 80e6, 150e6, 1.2e9]))
    elif topic == "jobs":
        f = dict(jobs=rng.choice([120, 350, 700, 1100, 2400, 4000]), output=rng.choice([1.2e6, 2.5e6, 400000]),
                 fall=rng.choice([2.5, 4.2, 7.8, 11.0]), loss=rng.choice([18e6, 60e6, 240e6]),
                 workers=rng.choice([1500, 3200, 6000, 9000]))
    elif topic == "protest":
        f = dict(protesters=rng.choice([2000, 5000, 10000, 20000, 45000]), arrested=rng.randint(12, 300),
                 injured=rng.randint(4, 80), police=rng.choice([800, 1500, 3000]), hours=rng.choice([3, 5, 8]))
    else:
        f = dict(arrived=rng.choice([400, 900, 2200, 3500, 6000]), drowned=rng.randint(3, 60),
                 boats=rng.randint(8, 70), distance=rng.choice([(15, 9), (40, 25), (80, 50)]),
                 share=rng.choice([18, 25, 40, 60]), aid=rng.choice([2e6, 7.5e6, 20e6]))
    return _Event(number, topic, day, place, f)


def _numeric_sentences(event: _Event, published: date, order: int, rng: random.Random) -> list[tuple[str, dict]]:
    """(template, slots) of the sentences that carry the event's figures, the lead first."""
    city, country, demonym = event.place
    f = event.figures
    source = rng.choice(SOURCES)
    on, when = _when(event.day, published, rng)
    # Running totals only grow as days pass: later reports give a higher toll.
    grown = lambda n: n + order * rng.randint(0, max(1, n // 10))  # noqa: E731
    if event.topic == "strike":
        km, miles = f["distance"]
        lead = ("{killed} were killed {on}{when} when an air strike hit a crowded market in {city}, {source} said.",
                dict(killed=_count(grown(f["killed"]), " people", rng), on=on, when=when, city=city, source=source))
        rest = [
            ("{wounded} were wounded, and many were in a critical condition.",
             dict(wounded=_count(grown(f["wounded"]), " people", rng))),
            ("The death toll has since risen to {toll}, {source} said.",
             dict(toll=_count(grown(f["killed"]) + rng.randint(1, 6), "", rng, exact=True), source=rng.choice(SOURCES))),
            ("Dozens of shops were damaged, and among the dead were {children}.",
             dict(children=_count(rng.randint(3, 9), " children", rng, exact=True))),
            ("{homes} were destroyed in the old quarter of {city}, according to the council.",
             dict(homes=_count(f["homes"], " homes", rng), city=city)),
            ("{families} have fled {city} {since}, the {org} said.",
             dict(families=_count(f["families"], " families", rng), city=city, org=rng.choice(ORGS),
                  since=_Figure(f"since {event.day.day} {calendar.month_name[event.day.month]}", "", "date",
                                event.day.isoformat(), "at_least"))),
            ("Rebuilding the market will cost {cost}, the governor estimated.", dict(cost=_money(f["cost"], rng))),
            ("Food prices in {city} have risen by {prices} since the fighting began.",
             dict(city=city, prices=_percent(f["prices"], rng))),
            ("The aid convoy travelled {km} ({miles}) from the border to reach {city}.",
             dict(km=_Figure(f"{km} kilometres", "", "measure", float(km), "exact", "km"),
                  miles=_Figure(f"{miles} miles", "", "measure", float(miles), "exact", "mile"), city=city)),
        ]
    elif event.topic == "flood":
        lead = ("Floods have killed {killed} in the {country_region} around {city} since heavy rain began {on}{when}, {source} said.",
                dict(killed=_count(grown(f["killed"]), " people", rng), country_region=rng.choice(["region", "province"]),
                     city=city, on=on, when=when, source=source))
        rest = [
            ("{rain} of rain fell in {hours}, the weather service said.",
             dict(rain=_measure(f["rain"], "mm", "mm", "", rng),
                  hours=_Figure(f"{f['hours']} hours", "", "duration", float(f["hours"]), "exact", "hour"))),
            ("{homeless} were left homeless in {city} and the surrounding villages.",
             dict(homeless=_count(f["homeless"], " people", rng), city=city)),
            ("Farmers lost crops on {hectares} of land.", dict(hectares=_measure(f["hectares"], "hectares", "hectare", "", rng))),
            ("The damage is estimated at {cost}, the finance ministry said.", dict(cost=_money(f["cost"], rng))),
        ]
    elif event.topic == "jobs":
        company = rng.choice(["Northwind Steel", "Atlas Motors", "Harbour Shipping", "Meridian Textiles", "Granite Cement"])
        lead = ("{company} will cut {jobs} at its plant in {city}, the company said {on}{when}.",
                dict(company=company, jobs=_count(f["jobs"], " jobs", rng), city=city, on=on, when=when))
        rest = [
            ("The plant produced {output} of steel last year.",
             dict(output=_measure(f["output"], "tonnes", "tonne", "", rng))),
            ("Sales fell {fall} in the last quarter, and the company reported a loss of {loss}.",
             dict(fall=_percent(f["fall"], rng), loss=_money(f["loss"], rng))),
            ("Between {contract} contract workers could also lose their jobs, the union warned.",
             dict(contract=_Figure(f"{f['jobs'] // 4} and {f['jobs'] // 2}", "", "count",
                                   float(f["jobs"] // 4 + f["jobs"] // 2) / 2, "range"))),
            ("The site employs {workers}, most of them from {city}.",
             dict(workers=_count(f["workers"], " workers", rng), city=city)),
        ]
    elif event.topic == "protest":
        crowd = (_Figure("Tens of thousands", " of protesters", "count", None, "range") if rng.random() < 0.25
                 else _count(f["protesters"], " protesters", rng))
        lead = ("{protesters} marched through the centre of {city} {on}{when} to demand the government's resignation.",
                dict(protesters=crowd, city=city, on=on, when=when))
        rest = [
            ("Police arrested {arrested} people, {source} said.",
             dict(arrested=_count(grown(f["arrested"]), "", rng), source=source)),
            ("{injured} were injured in clashes near the parliament.",
             dict(injured=_count(f["injured"], " people", rng))),
            ("The authorities deployed {police} to the streets of {city}.",
             dict(police=_count(f["police"], " police officers", rng), city=city)),
            ("The march lasted {hours}, organisers said.",
             dict(hours=_Figure(f"{f['hours']} hours", "", "duration", float(f["hours"]), "exact", "hour"))),
        ]
    else:
        km, miles = f["distance"]
        lead = ("{arrived} arrived on {city} {on}{when}, the {org} said.",
                dict(arrived=_count(grown(f["arrived"]), " migrants", rng), city=city, on=on, when=when,
                     org=rng.choice(ORGS)))
        rest = [
            ("{drowned} drowned when their boat capsized off the coast of {country}.",
             dict(drowned=_count(grown(f["drowned"]), " people", rng), country=country)),
            ("The coastguard intercepted {boats} in the past week.", dict(boats=_count(f["boats"], " boats", rng))),
            ("Many had crossed {km} ({miles}) of open sea in small rubber dinghies.",
             dict(km=_Figure(f"{km} kilometres", "", "measure", float(km), "exact", "km"),
                  miles=_Figure(f"{miles} miles", "", "measure", float(miles), "exact", "mile"))),
            ("Children make up {share} of the new arrivals, aid workers said.", dict(share=_percent(f["share"], rng))),
            ("The European Union pledged {aid} in emergency aid for {country}.",
             dict(aid=_money(f["aid"], rng), country=country)),
        ]
    rng.shuffle(rest)
    return [lead, *rest[: rng.randint(2, len(rest))]]


# Numbers that are not claims (a unit's name, a time of day, a page): parsed, but never expected.
DISTRACTORS = [
    "Troops of the 17th Division sealed off the area and imposed a curfew from 10pm.",
    "The full report runs to several volumes, and the summary appears on page 4.",
    "Road 7 to the airport was closed to traffic until further notice.",
    "Officers from the 3rd Battalion were seen at the checkpoints by 6am.",
]

HEADLINES = {
    "strike": "Deadly air strike hits market in {city}",
    "flood": "Floods bring misery to {city} region",
    "jobs": "Job cuts announced at {city} plant",
    "protest": "Protesters fill the streets of {city}",
    "migrants": "Arrivals of migrants rise on {city}",
}


def _article(rng: random.Random, event: _Event, outlet: tuple[str, str], published: date, order: int,
             index: int) -> CorpusArticle:
    city, country, demonym = event.place
    numeric = [[s] for s in _numeric_sentences(event, published, order, rng)]
    # Now and then two figures share a paragraph, as in real copy.
    if len(numeric) > 3 and rng.random() < 0.4:
        numeric[1:3] = [numeric[1] + numeric[2]]
    background = rng.sample(BACKGROUND, k=len(BACKGROUND))
    quotes = rng.sample(QUOTES, k=len(QUOTES))
    plain = [_plain_paragraph(rng, city, country, demonym, background, quotes) for _ in range(rng.randint(5, 8))]
    if rng.random() < 0.4:
        numeric.append([(rng.choice(DISTRACTORS), {})])
    paragraphs: list[list[tuple[str, dict]]] = [numeric[0]]
    rest = numeric[1:] + plain
    rng.shuffle(rest)
    paragraphs.extend(rest)

    text, claims = "", []
    for number, paragraph in enumerate(paragraphs):
        if number:
            text += "\n\n"
        for position, (template, slots) in enumerate(paragraph):
            if position:
                text += " "
            sentence, marks = _render(template, slots)
            for start, end, figure in marks:
                claims.append(KnownClaim(len(text) + start, len(text) + end, sentence[start:end], figure.kind,
                                         figure.value, figure.qualifier, figure.unit))
            text += sentence
    name, domain = outlet
    headline = HEADLINES[event.topic].format(city=city)
    slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")
    return CorpusArticle(
        outlet=name, url=f"https://{domain}/{published:%Y/%m/%d}/{slug}-{index}", headline=headline,
        published=published, text=text, claims=tuple(claims), event=event.number,
    )


def _plain_paragraph(rng: random.Random, city: str, country: str, demonym: str, background: list[str],
                     quotes: list[str]) -> list[tuple[str, dict]]:
    """Two or three sentences of quotes and background, none holding a figure; `background` and
    `quotes` are consumed so an article never repeats itself."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    quote = quotes.pop() if quotes else rng.choice(QUOTES)
    said = rng.choice([
        '"{quote}," said {name}, {role}.', '"{quote}," {name}, {role}, told reporters.',
        '"{quote}," {name} said in {city}.',
    ])
    sentences = [(said, dict(quote=quote, name=name, role=rng.choice(ROLES), city=city))]
    for template in [background.pop() for _ in range(rng.randint(1, 2)) if background]:
        sentences.append((template, dict(place=city, org=rng.choice(ORGS), demonym=demonym, country=country)))
    rng.shuffle(sentences)
    return sentences


def _render(template: str, slots: dict) -> tuple[str, list[tuple[int, int, _Figure]]]:
    out, marks = "", []
    for position, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if position % 2 == 0:
            out += piece
            continue
        value = slots[piece]
        if isinstance(value, _Figure):
            start = len(out)
            out += value.quote
            marks.append((start, len(out), value))
            out += value.tail
        else:
            out += value
    if out[:1].islower():
        out = out[0].upper() + out[1:]
    return out, marks
