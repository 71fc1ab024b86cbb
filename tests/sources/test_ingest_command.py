"""`manage.py ingest`: a progress bar naming the file being read, one line per file in the order
given with its result, `--manifest` alone, a bad file or field reported while the batch goes on,
files read no further than the size limit, and bad options refused with a clear error."""
from __future__ import annotations

import io
import json
import os
import random
import re
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article

# transaction=True: each article is committed and its processing runs, as in a real run.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.model]


def story(n: int) -> str:
    return (f"Officials in the northern province said {n + 10} people were killed when the dam failed "
            f"on Monday. Rescue teams reached {n + 3} villages by the evening, the ministry said.")


def ingest(*args) -> tuple[list[str], str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    failed = None
    try:
        call_command("ingest", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as error:
        failed = error
    return out.getvalue().splitlines(), err.getvalue(), failed


def test_twenty_files_print_twenty_lines_in_the_order_given(tmp_path):
    paths = []
    for n in range(20):
        path = tmp_path / f"story-{n:02d}.txt"
        path.write_text(story(n), encoding="utf-8")
        paths.append(path)
    random.Random(7).shuffle(paths)
    lines, progress, failed = ingest(*paths, "--outlet", "Wire")
    assert failed is None
    assert len(lines) == 20
    assert [line.split(":")[0] for line in lines] == [str(p) for p in paths]
    for line in lines:
        assert re.fullmatch(r"\S+: article \d+ \[processed\] Wire: \d+ claims", line), line
    assert Article.objects.count() == 20
    # The bar names the file being read, and counts the articles processed.
    assert paths[-1].name in progress and "20/20" in progress and "processing" in progress


def test_a_bad_file_is_reported_in_its_place_and_the_others_are_ingested(tmp_path):
    good = [tmp_path / "a.txt", tmp_path / "c.txt"]
    for n, path in enumerate(good):
        path.write_text(story(n))
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 50)
    empty = tmp_path / "d.txt"
    empty.write_text("   \n")
    lines, _, failed = ingest(good[0], binary, tmp_path / "missing.txt", tmp_path, empty, good[1])
    assert [line.split(": ")[0] for line in lines] == [str(p) for p in (good[0], binary, tmp_path / "missing.txt", tmp_path, empty, good[1])]
    assert "[processed]" in lines[0] and "[processed]" in lines[5]
    assert "not ingested" in lines[1] and "binary" in lines[1]
    assert lines[2].endswith("not ingested: no such file")
    assert lines[3].endswith("not ingested: not a regular file")
    assert "empty" in lines[4]
    assert str(failed) == "4 of 6 files could not be ingested"
    assert Article.objects.count() == 2


def test_the_manifest_alone_ingests_the_files_it_lists_and_a_bad_field_costs_only_its_file(tmp_path):
    (tmp_path / "texts").mkdir()
    for name, n in (("one.txt", 1), ("two.txt", 2), ("three.txt", 3)):
        (tmp_path / "texts" / name).write_text(story(n))
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"articles": [
        {"file": "texts/one.txt", "outlet": "Gazette", "url": "https://gazette.example/one", "published": "2021-03-04"},
        {"file": "texts/two.txt", "outlet": "Gazette", "published": "some day"},
        {"file": "texts/three.txt", "outlet": "Courier", "url": "https://courier.example/" + "x" * 2000},
        {"outlet": "No file"},
    ]}))
    lines, _, failed = ingest("--manifest", manifest)
    assert len(lines) == 4
    assert lines[0].startswith(f"{tmp_path / 'texts' / 'one.txt'}: article") and "Gazette" in lines[0]
    assert "not ingested" in lines[1] and "'some day' is not a date" in lines[1]
    assert "not ingested" in lines[2] and "url is 2,024 characters long; the limit is 1,000" in lines[2]
    assert "not ingested" in lines[3] and "entry 4" in lines[3]
    assert str(failed) == "3 of 4 files could not be ingested"
    one = Article.objects.get()
    assert (one.url, one.outlet.name, str(one.published)) == ("https://gazette.example/one", "Gazette", "2021-03-04")


def test_one_url_for_many_files_is_refused_before_anything_is_stored(tmp_path):
    paths = [tmp_path / f"{n}.txt" for n in range(3)]
    for n, path in enumerate(paths):
        path.write_text(story(n))
    with pytest.raises(CommandError, match="--url is one article's address, but 3 files were given"):
        call_command("ingest", *map(str, paths), "--url", "https://example.org/a", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Article.objects.exists()


@pytest.mark.parametrize("option, value, message", [
    ("--url", "https://example.org/" + "a" * 5000, "--url is 5,020 characters long; the limit is 1,000"),
    ("--outlet", "Gaz\x00ette", "--outlet contains a NUL character"),
    ("--headline", "h" * 501, "--headline is 501 characters long"),
    ("--published", "31/12/2020", "--published '31/12/2020' is not a date"),
])
def test_a_bad_option_is_a_clear_error_not_a_traceback(tmp_path, option, value, message):
    path = tmp_path / "a.txt"
    path.write_text(story(1))
    with pytest.raises(CommandError) as refused:
        call_command("ingest", str(path), option, value, stdout=io.StringIO(), stderr=io.StringIO())
    assert message in str(refused.value)
    assert not Article.objects.exists()


def test_nothing_to_ingest_is_a_clear_error():
    with pytest.raises(CommandError, match="--manifest FILE alone"):
        call_command("ingest", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_huge_file_is_read_no_further_than_the_limit(tmp_path, settings):
    settings.CROSSCHECK_MAX_ARTICLE_BYTES = 100_000
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # sparse: 300 MB on paper, nothing on disk
        f.truncate(300 * 1024 * 1024)
    small = tmp_path / "small.txt"
    small.write_text(story(5))
    tracemalloc.start()
    try:
        lines, _, failed = ingest(huge, small)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines[0] == f"{huge}: not ingested: the file is larger than the limit of 100,000 bytes (CROSSCHECK_MAX_ARTICLE_BYTES)"
    assert "[processed]" in lines[1]
    assert str(failed) == "1 of 2 files could not be ingested"
    # The spaCy model was loaded before (other tests) or counts here; either way far below 300 MB.
    assert peak < 150 * 1024 * 1024, peak


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_is_refused_without_being_opened(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # opening it would block until a writer came
    lines, _, failed = ingest(pipe)
    assert lines == [f"{pipe}: not ingested: not a regular file"]
