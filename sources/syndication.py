"""Recognising copies of one story (a wire report printed by several outlets) from their text.

MinHash over word 5-grams: an article's signature is cut into bands stored in an indexed table,
so the articles that may be copies are found with one indexed query, and only those are compared
word for word. Each long paragraph has bands of its own too: a wire story retold inside a digest
shares few of the digest's 5-grams as a whole, but several of its paragraphs nearly word for
word. Pure functions; no Django."""
from __future__ import annotations

import hashlib
import re

SHINGLE_WORDS = 5
PERMUTATIONS = 32
ROWS_PER_BAND = 4  # 8 bands: texts sharing half their 5-grams meet in a band with ~90% odds
COPY_THRESHOLD = 0.5
# A paragraph of at least this many words is a passage: long enough that two outlets writing on
# their own do not word it alike.
PASSAGE_WORDS = 20
# Passages this alike are one passage; a story shares at least SHARED_PASSAGES of them with its
# copy (one shared paragraph is a quoted statement, which independent reports also print).
PASSAGE_THRESHOLD = 0.45
SHARED_PASSAGES = 2
# Bounds on the passages read, so that a text of one 5 MB line or of 20,000 short lines costs
# no more than a long article: a paragraph longer than this is not a news paragraph (the whole
# text's bands cover it), and a story shares its passages within its first paragraphs.
PASSAGE_MAX_WORDS = 300
PASSAGES_READ = 60
_MERSENNE = (1 << 61) - 1
_SEEDS = [
    (int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big") % _MERSENNE | 1,
     int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big") % _MERSENNE)
    for i in range(PERMUTATIONS)
]


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) < SHINGLE_WORDS:
        words = words + [""] * (SHINGLE_WORDS - len(words))
    return {
        int.from_bytes(hashlib.blake2b(" ".join(words[i : i + SHINGLE_WORDS]).encode(), digest_size=8).digest(), "big")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def bands(text: str) -> list[str]:
    """The band keys of a text's MinHash signature: copies share at least one."""
    grams = shingles(text)
    signature = [min((a * g + b) % _MERSENNE for g in grams) for a, b in _SEEDS]
    keys = []
    for start in range(0, PERMUTATIONS, ROWS_PER_BAND):
        rows = ",".join(str(v) for v in signature[start : start + ROWS_PER_BAND])
        digest = hashlib.blake2b(rows.encode(), digest_size=12).hexdigest()
        keys.append(f"{start // ROWS_PER_BAND}:{digest}")
    return keys


def passages(text: str) -> list[str]:
    """The text's first PASSAGES_READ paragraphs of PASSAGE_WORDS to PASSAGE_MAX_WORDS words."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        words = len(re.findall(r"\w+", match.group()[: PASSAGE_MAX_WORDS * 40]))
        if PASSAGE_WORDS <= words <= PASSAGE_MAX_WORDS:
            found.append(match.group())
            if len(found) == PASSAGES_READ:
                break
    return found


def passage_bands(text: str) -> list[str]:
    """The band keys of each passage's signature ("p" + band): texts that share a passage
    nearly word for word share at least one of them."""
    return sorted({f"p{key}" for passage in passages(text) for key in bands(passage)})


def shared_passages(a: str, b: str) -> int:
    """How many passages of `a` have a passage of `b` at least PASSAGE_THRESHOLD alike."""
    theirs = [shingles(p) for p in passages(b)]
    count = 0
    for passage in passages(a):
        mine = shingles(passage)
        if any(len(mine & other) / len(mine | other) >= PASSAGE_THRESHOLD for other in theirs):
            count += 1
    return count


def is_copy(a: str, b: str) -> bool:
    """Whether two texts print one story: alike as a whole, or sharing several passages."""
    return similarity(a, b) >= COPY_THRESHOLD or shared_passages(a, b) >= SHARED_PASSAGES


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' 5-grams."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0
