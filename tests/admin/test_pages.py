"""The article page, the fact timeline, the desk's home, the history, roles and escaping."""
from datetime import date

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.services import claim_correct
from review.highlighting import Mark, excerpt, highlight
from review.services import review_resolve
from review.timeline_svg import Point, timeline_svg
from sources.models import Article
from tests.admin import factories

pytestmark = pytest.mark.django_db


def article_url(article) -> str:
    return reverse("admin:sources_article_change", args=[article.id])


# --- the article page -------------------------------------------------------------------------


def test_article_page_marks_every_claim_inline_by_state(editor_client, syria, editor):
    response = editor_client.get(article_url(syria["mee"]))
    assert response.status_code == 200
    page = response.content.decode()
    states = {s.claim.quote: s.state for s in response.context["states"]}
    assert states == {
        "250,000 lives": "conflict-open",
        "At least 300,000 people": "unchecked",
        "some 500 fuel trucks": "unchecked",
    }
    toll = syria["toll"]
    assert (
        f'<mark class="cc-mark cc-state-conflict-open" title="Count: open conflict" id="claim-{syria["lives_250k"].id}">'
        f'<a href="{reverse("admin:facts_check_change", args=[toll.id])}">250,000 lives</a></mark>'
    ) in page
    assert "Middle East Eye" in page and syria["mee"].url in page and "Extract claims again" in page

    review_resolve(check_id=toll.id, status="dismissed", note="", actor=editor)
    response = editor_client.get(article_url(syria["mee"]))
    assert {s.claim.quote: s.state for s in response.context["states"]}["250,000 lives"] == "reviewed"
    response = editor_client.get(article_url(syria["newshub"]))
    assert [s.state for s in response.context["states"]] == ["consistent"]


def test_article_text_is_escaped_so_a_script_tag_shows_as_text(editor_client, db):
    body = 'Officials said <script>alert("x")</script> that 40 people <b>died</b> & more.'
    article = factories.article(body, headline="<img src=x onerror=alert(1)>")
    factories.claim(article, "40 people", value=40)
    page = editor_client.get(article_url(article)).content.decode()
    assert "<script>alert" not in page and "<b>died</b>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;died&lt;/b&gt; &amp; more." in page
    assert ">40 people</a></mark>" in page


def test_an_article_url_that_is_not_a_web_address_is_never_a_link(editor_client, syria):
    article = factories.article("The war killed 40 people.", url="javascript:alert(1)")
    factories.claim(article, "40 people", value=40)
    for url in (article_url(article), reverse("admin:facts_check_change", args=[syria["toll"].id])):
        assert 'href="javascript:' not in editor_client.get(url).content.decode()
    assert "javascript:alert(1)" in editor_client.get(article_url(article)).content.decode()  # shown as text


def test_extract_again_requeues_the_article(editor_client, db, django_capture_on_commit_callbacks):
    article = factories.article("It failed.", status=Article.Status.FAILED, error="OSError: disk full")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(reverse("admin:sources_article_extract", args=[article.id]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.error, article.attempts) == ("received", "", 0)
    assert len(callbacks) == 1  # extract_article, queued after commit


def test_viewer_reads_an_article_but_cannot_extract_again(viewer_client, syria):
    page = viewer_client.get(article_url(syria["mee"])).content.decode()
    assert "250,000 lives" in page and "Extract claims again" not in page
    response = viewer_client.post(reverse("admin:sources_article_extract", args=[syria["mee"].id]))
    assert response.status_code == 403


def test_article_list_shows_failures(editor_client, db):
    factories.article("Broken.", status=Article.Status.FAILED, error="ValueError: unreadable", headline="The broken one")
    response = editor_client.get(reverse("admin:sources_article_changelist") + "?status__exact=failed")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The broken one" in page and "ValueError: unreadable" in page


# --- the fact and its timeline ----------------------------------------------------------------


def test_fact_page_draws_each_outlets_figure_over_time(editor_client, syria):
    factories.paris_toll()  # the same key about another place: another fact
    key = syria["deaths_300k"].fact_key
    response = editor_client.get(reverse("admin:claims_claim_fact"), {"key": key, "kind": "count", "place": "Syria"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="cc-point') == 3
    for outlet in ("France 24", "Middle East Eye", "Newshub"):
        assert f">{outlet}</text>" in page
    assert "2015-11-19" in page and "2015-11-27" in page
    assert "best 250,000" in page
    assert "“129”" not in page
    paris = editor_client.get(reverse("admin:claims_claim_fact"), {"key": key, "kind": "count", "place": "paris"})
    assert paris.content.decode().count('class="cc-point') == 2


def test_fact_index_lists_facts_reported_more_than_once(editor_client, syria, paris):
    response = editor_client.get(reverse("admin:claims_claim_fact"))
    assert response.status_code == 200
    facts = {(f["label"], f["place"]): (f["claims"], f["outlets"]) for f in response.context["facts"]}
    assert facts[("deaths", "Syria")] == (3, 3)
    assert facts[("deaths", "Paris")] == (2, 2)
    assert not any(label.startswith("vehicles") for label, _ in facts)  # one article only


def test_unknown_fact_is_404(editor_client, db):
    assert editor_client.get(reverse("admin:claims_claim_fact"), {"key": "nope", "kind": "count"}).status_code == 404


def test_timeline_rings_a_real_outlier_and_not_a_revised_total():
    day = date(2015, 11, 1)
    points = [
        Point(1, "A", day, 129, 129, 129, "129"),
        Point(2, "B", date(2015, 11, 8), 130, 130, 130, "130"),
        Point(3, "C", date(2015, 11, 9), 131, 131, 131, "131"),
        Point(4, "D", date(2015, 11, 9), 900, 900, 900, "900 <b>", outlier=True),
    ]
    svg = str(timeline_svg(points, consensus=(129, 130, 131)))
    assert svg.startswith("<svg") and svg.count('class="cc-point') == 3 + svg.count("cc-point cc-outlier")
    assert svg.count("cc-point cc-outlier") == 1
    assert "900 &lt;b&gt;" in svg and "900 <b>" not in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from outside


def test_timeline_of_dates_labels_the_axis_with_dates():
    points = [
        Point(1, "A", date(2015, 11, 27), date(2015, 9, 30).toordinal(), None, None, "since 30 September"),
        Point(2, "B", date(2015, 11, 26), date(2015, 9, 13).toordinal(), None, None, "since September 13th"),
    ]
    svg = str(timeline_svg(points, kind="date"))
    assert "2015-09-" in svg


# --- home, history, roles ---------------------------------------------------------------------


def test_home_shows_open_mismatches_failed_articles_and_recent_activity(editor_client, syria, paris, editor):
    factories.article("x", status=Article.Status.FAILED, error="ValueError: no text", headline="Feed item 7")
    review_resolve(check_id=paris["check"].id, status="resolved", note="toll revised, fine", actor=editor)
    claim_correct(claim_id=syria["trucks"].id, actor=editor, value=600, reason="The ministry says 600.")
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    mismatches = page[page.index('id="open-mismatches"'):page.index('id="failed-articles"')]
    assert "“300,000 deaths”" in mismatches and "“129”" not in mismatches  # resolved ones leave
    assert "open: <strong>1</strong>" in page and "resolved: <strong>1</strong>" in page
    failed = page[page.index('id="failed-articles"'):]
    assert "Feed item 7" in failed and "ValueError: no text" in failed
    activity = page[page.index('id="recent-activity"'):]
    assert "toll revised, fine" in activity and "edith" in activity
    assert "some 500 fuel trucks" in page[page.index('id="recent-corrections"'):]


def test_history_list_is_read_only(editor_client, syria, editor):
    review_resolve(check_id=syria["toll"].id, status="confirmed", note="real gap", actor=editor)
    response = editor_client.get(reverse("admin:review_reviewevent_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "real gap" in page and "open → confirmed" in page
    assert editor_client.get(reverse("admin:review_reviewevent_add")).status_code == 403


def test_only_administrators_manage_users(editor_client, viewer_client, client, db):
    for c in (editor_client, viewer_client):
        assert c.get(reverse("admin:auth_user_changelist")).status_code == 403
        assert c.get(reverse("admin:auth_group_changelist")).status_code == 403
        assert "auth/user" not in c.get(reverse("admin:index")).content.decode()
    client.force_login(factories.user("root", superuser=True))
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_people_without_a_role_see_nothing(client, syria):
    client.force_login(factories.user("nobody"))
    assert client.get(reverse("admin:facts_check_changelist")).status_code == 403
    assert client.get(reverse("admin:facts_check_change", args=[syria["toll"].id])).status_code == 403
    assert client.get(reverse("admin:sources_article_change", args=[syria["mee"].id])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, syria):
    response = client.get(reverse("admin:facts_check_change", args=[syria["toll"].id]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- highlighting ---------------------------------------------------------------------------


def test_highlight_escapes_the_text_and_adds_only_its_own_marks():
    text = 'a <script>"x"</script> 12 b'
    at = text.index("12")
    html = str(highlight(text, [Mark(at, at + 2, "q", title='t"<')]))
    assert html == 'a &lt;script&gt;&quot;x&quot;&lt;/script&gt; <mark class="cc-mark q" title="t&quot;&lt;">12</mark> b'


def test_highlight_nests_a_quote_in_its_sentence_and_drops_crossing_marks():
    text = "One. Two 22 three. Four."
    html = str(highlight(text, [Mark(5, 18, "s"), Mark(9, 11, "q"), Mark(15, 21, "x"), Mark(30, 40, "out")]))
    assert html == 'One. <mark class="cc-mark s">Two <mark class="cc-mark q">22</mark> three.</mark> Four.'


def test_excerpt_shows_the_paragraph_with_its_neighbours():
    body = "First.\n\nBefore.\n\nThe toll is 300,000 now. Then more.\n\nAfter.\n\nLast."
    at = body.index("300,000")
    shown = excerpt(body, start=at, end=at + 7, sentence="The toll is 300,000 now.")
    assert str(shown.html).startswith("Before.") and str(shown.html).endswith("After.")
    assert '<mark class="cc-mark cc-sentence">The toll is <mark class="cc-mark cc-quote">300,000</mark> now.</mark>' in shown.html
    assert "First." not in shown.html


def test_claim_offsets_survive_in_the_factories(syria):
    for c in Claim.objects.all():
        assert c.article.body[c.start:c.end] == c.quote
