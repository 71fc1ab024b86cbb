"""Which language an article is written in, by lingua (its models ship inside the package; nothing
is downloaded). Only the languages in CROSSCHECK_LANGUAGES are told apart, in lingua's low-accuracy
mode by default: the 12 default languages cost about 16 MB and 0.1 s to load per process, and 1.4 ms
per article, against about 217 MB, 2 s and 2.6 ms in high-accuracy mode (and some 960 MB for all 75
languages); an article is long enough for low accuracy."""
from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

UNDETERMINED = "und"
# A text is read in up to three slices of this many characters (start, middle, end): enough to
# tell a language, and a 5 MB article costs what a short one does.
SLICE = 1_500


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...], low_accuracy: bool):
    languages = []
    for code in codes:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is None:
            raise ValueError(f"CROSSCHECK_LANGUAGES: {code!r} is not an ISO 639-1 language code lingua knows")
        languages.append(Language.from_iso_code_639_1(iso))
    if len(languages) < 2:
        raise ValueError("CROSSCHECK_LANGUAGES must name at least two languages to tell apart")
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def detector():
    codes = tuple(sorted({"en", *(c.strip().lower() for c in settings.CROSSCHECK_LANGUAGES)}))
    return _detector(codes, settings.CROSSCHECK_LANGUAGE_LOW_ACCURACY)


def sample(text: str) -> str:
    if len(text) <= 3 * SLICE:
        return text
    middle = len(text) // 2 - SLICE // 2
    return " ".join((text[:SLICE], text[middle : middle + SLICE], text[-SLICE:]))


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language most of the text is in, or "und" when lingua cannot
    decide (too little text, a script none of the configured languages uses)."""
    found = detector().detect_language_of(sample(text))
    return found.iso_code_639_1.name.lower() if found is not None else UNDETERMINED
