"""The real news texts the benchmark reads: the seed articles (seeds/, in git) and, when given,
the development set's texts (a folder outside git: CROSSCHECK_DEVSET_TEXTS or --texts), one
`<id>.txt` each, with outlet, URL and date from the set's sources file when it names them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sources.cleaning import clean_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DEVSET_SOURCES = ROOT.parent / "shared" / "devsets" / "facts" / "sources.json"


@dataclass(frozen=True)
class NewsText:
    name: str
    outlet: str
    url: str
    headline: str
    published: date | None
    raw: str  # as received: page furniture included
    body: str  # as stored: what extraction reads

    @property
    def words(self) -> int:
        return len(self.body.split())


def news_texts(devset: Path | None) -> list[NewsText]:
    """The seeds, then the development set's texts (sorted by name) when the folder exists."""
    items = []
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["articles"]:
        raw = (SEEDS / entry["file"]).read_text(encoding="utf-8")
        items.append(NewsText(
            name=f"seed:{entry['file']}", outlet=entry["outlet"], url=entry["url"], headline=entry["headline"],
            published=_day(entry.get("published")), raw=raw, body=clean_text(raw, headline=entry["headline"]),
        ))
    if devset is not None:
        if not devset.is_dir():
            raise FileNotFoundError(f"the development set's texts are not in {devset} (a folder of <id>.txt)")
        sources = _devset_sources()
        for path in sorted(devset.glob("*.txt")):
            raw = path.read_text(encoding="utf-8")
            source = sources.get(path.stem, {})
            items.append(NewsText(
                name=f"devset:{path.stem}", outlet=source.get("outlet") or f"Outlet {path.stem}",
                url=source.get("url") or f"https://devset.example/{path.stem}", headline="",
                published=_day(source.get("published")), raw=raw, body=clean_text(raw),
            ))
    return [item for item in items if item.body.strip()]


def _devset_sources() -> dict[str, dict]:
    """Outlet, URL and date of each text, from the set's sources file (beside its gold)."""
    if not DEVSET_SOURCES.exists():
        return {}
    return {a["id"]: a for a in json.loads(DEVSET_SOURCES.read_text(encoding="utf-8")).get("articles", [])}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
