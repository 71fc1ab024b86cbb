"""Files and manifests into articles: shared by `manage.py ingest` and `manage.py load_seeds`."""
from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

from sources.models import Article
from sources.services import IngestError, IngestResult, article_ingest, decode_input
from workbench.queue import in_process

DONE = (Article.Status.PROCESSED, Article.Status.SKIPPED, Article.Status.FAILED)


@dataclass(frozen=True)
class FileMeta:
    outlet: str = ""
    url: str = ""
    headline: str = ""
    published: dt.date | None = None
    language: str = ""
    wire: str = ""


def parse_date(text: str | None, *, what: str = "date") -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        raise IngestError(f"{what} {text!r} is not a date: use YYYY-MM-DD") from None


def read_manifest(path: Path) -> dict[str, FileMeta]:
    """A manifest shaped like seeds/manifest.json: {"articles": [{"file": ..., "outlet": ...}]}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["articles"] if isinstance(data, dict) else data
        return {
            entry["file"]: FileMeta(
                outlet=entry.get("outlet", ""),
                url=entry.get("url", ""),
                headline=entry.get("headline", ""),
                published=parse_date(entry.get("published"), what=f"published date of {entry['file']}"),
                language=entry.get("language", ""),
                wire=entry.get("wire", ""),
            )
            for entry in entries
        }
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IngestError(f"cannot read manifest {path}: {error}") from None


def ingest_file(path: Path, meta: FileMeta) -> IngestResult:
    data = path.read_bytes()
    input_format = "html" if path.suffix.lower() in (".html", ".htm") else "text"
    return article_ingest(
        raw=decode_input(data),
        input_format=input_format,
        outlet=meta.outlet,
        url=meta.url,
        headline=meta.headline,
        published=meta.published,
        language=meta.language,
        wire=meta.wire,
    )


def wait_until_done(article_ids: list[int], *, timeout: float) -> list[Article]:
    """Wait for background workers to finish the articles (immediate when tasks run in-process)."""
    if in_process():
        return list(Article.objects.filter(id__in=article_ids).select_related("outlet"))
    deadline = time.monotonic() + timeout
    while True:
        pending = Article.objects.filter(id__in=article_ids).exclude(status__in=DONE)
        if not pending.exists() or time.monotonic() > deadline:
            return list(Article.objects.filter(id__in=article_ids).select_related("outlet"))
        time.sleep(0.5)
