"""Silent edits: the same URL with changed text keeps both versions and flags changed figures."""
from types import SimpleNamespace

import pytest

from claims.models import EditedFigure
from claims.versions import edited_figures_find
from sources.models import Article, Fetch
from sources.services import article_ingest, fetch_submit

V1 = ("<html lang='en'><head><title>Floods kill 40</title><meta property='og:site_name' content='Ledger'>"
      "<meta property='article:published_time' content='2020-02-03'></head><body><nav>Home</nav><article>"
      "<p>At least 40 people were killed in the floods in the northern province, officials said on Monday.</p>"
      "<p>More than 2,000 homes were damaged, according to the ministry of emergencies.</p>"
      "</article></body></html>")
V2 = V1.replace("At least 40 people", "At least 25 people")


def claim(id, quote, sentence, value, start, kind="count", subject="people"):
    return SimpleNamespace(id=id, quote=quote, sentence=sentence, value=value, low=value, high=None, date_value="",
                           qualifier="at_least", unit="", kind=kind, subject=subject, start=start)


def test_a_changed_figure_in_the_same_sentence_is_paired_and_flagged():
    before = [claim(1, "at least 40", "At least 40 people were killed.", 40, 0),
              claim(2, "2,000", "More than 2,000 homes were damaged.", 2000, 40, subject="home")]
    after = [claim(3, "at least 25", "At least 25 people were killed.", 25, 0),
             claim(4, "2,000", "More than 2,000 homes were damaged.", 2000, 40, subject="home")]
    assert [(old.id, new.id) for old, new in edited_figures_find(after, before)] == [(1, 3)]


def test_unrelated_sentences_are_not_paired():
    before = [claim(1, "40", "Officials said 40 people were killed in the floods.", 40, 0)]
    after = [claim(2, "12", "A separate storm on the coast destroyed 12 boats overnight.", 12, 0, subject="boat")]
    assert edited_figures_find(after, before) == []


@pytest.mark.django_db
def test_the_same_url_with_changed_text_keeps_both_versions():
    url = "https://ledger.example/floods"
    first = article_ingest(raw=V1, input_format="html", url=url).article
    again = article_ingest(raw=V1, input_format="html", url=url)
    second = article_ingest(raw=V2, input_format="html", url=url).article
    assert not again.created and again.article.id == first.id
    assert second.id != first.id and second.previous_version_id == first.id
    assert second.copy_of_id == first.id  # one source, not a rival report
    assert Article.objects.filter(url=url).count() == 2


@pytest.mark.model
@pytest.mark.django_db
def test_an_edited_page_refetched_from_the_same_url_flags_the_changed_claim(
    site, allow_private, django_capture_on_commit_callbacks, admin_client
):
    url = site.page("/world/floods", V1)
    with django_capture_on_commit_callbacks(execute=True):
        first = fetch_submit(url=url)
    first.refresh_from_db()
    assert first.article.status == Article.Status.PROCESSED and first.article.claims.exists()

    site.page("/world/floods", V2)  # the newsroom edits the page without a correction note
    with django_capture_on_commit_callbacks(execute=True):
        second = fetch_submit(url=url)
    second.refresh_from_db()
    assert second.status == Fetch.Status.DONE
    new = second.article
    assert new.previous_version_id == first.article_id and new.status == Article.Status.PROCESSED

    [edit] = EditedFigure.objects.filter(article=new)
    assert edit.previous_article_id == first.article_id
    assert "40" in edit.quote_before and "25" in edit.quote_after
    assert new.body[edit.start:edit.end] == edit.claim.quote
    assert edit.previous_claim.article_id == first.article_id
    # Unchanged figures are not flagged, and the first version is kept as it was.
    assert not EditedFigure.objects.filter(quote_after__contains="2,000").exists()
    assert "At least 40 people" in Article.objects.get(id=first.article_id).body
    shown = admin_client.get(f"/api/v1/articles/{new.id}/").json()
    assert shown["previous_version"] == first.article_id
    assert [(e["quote_before"], e["quote_after"]) for e in shown["edited_figures"]] == [
        (edit.quote_before, edit.quote_after)
    ]
