"""The same task delivered more than once at the same time: two workers race for it."""
import pytest

from sources.models import Article
from tests.faults.conftest import (
    article,
    assert_same_as_in_process_run,
    queue_is_empty,
    wait_for,
    wait_until_settled,
    worker_holds_an_article_row,
)
from workers.tasks import crosscheck_article, extract_article, sweep_stalled

pytestmark = [pytest.mark.faults, pytest.mark.model]


def test_a_task_delivered_twice_at_once_to_two_workers_has_one_set_of_effects(workers):
    # Queue everything before any worker runs, so both workers start on the copies together.
    ids = [article(n).ingest() for n in range(20, 28)]
    for article_id in ids:
        task_id = f"extract-{article_id}"
        # Two more deliveries of one message (same task id, as a redelivery has) and a third copy.
        extract_article.apply_async((article_id,), task_id=task_id)
        extract_article.apply_async((article_id,), task_id=task_id)
        extract_article.delay(article_id)
        crosscheck_article.delay(article_id)  # early: the article is not extracted yet
    first, second = workers.start(), workers.start()

    settled = wait_until_settled(ids, timeout=120)
    assert set(settled.values()) == {"processed"}
    # Each article was taken once: the conditional UPDATE let one delivery through.
    assert set(Article.objects.filter(id__in=ids).values_list("attempts", flat=True)) == {1}
    wait_for(queue_is_empty, timeout=15, what="every copy consumed")
    both = first.output() + second.output()
    assert "workers.tasks.extract_article" in first.output() and "workers.tasks.extract_article" in second.output()
    assert both.count("succeeded") >= 4 * len(ids)
    assert_same_as_in_process_run()


def test_a_sweep_while_a_worker_still_extracts_waits_for_it_and_requeues_nothing(workers):
    # The sweeper (with too short a stale time) looks at an article a live worker is still
    # extracting. The worker's transaction holds the article's row (it records the paragraphs it
    # could not read), so the sweeper's conditional UPDATE waits for that commit, then finds the
    # article moved on: no second delivery, one set of effects.
    workers.start(CROSSCHECK_FAULT_SLOW_EXTRACT=2)
    workers.start(CROSSCHECK_FAULT_SLOW_EXTRACT=2)
    article_id = article(30).ingest()
    # Not merely inside its transaction (it is from the first read, while spaCy runs), but
    # holding the article's row, as it does from recording the unread paragraphs to its commit.
    wait_for(
        lambda: Article.objects.filter(id=article_id, status="extracting").exists() and worker_holds_an_article_row(),
        timeout=30, every=0.05, what="the first worker holding the article's row",
    )
    assert sweep_stalled(older_than_seconds=0) == 0

    assert wait_until_settled([article_id], timeout=60) == {article_id: "processed"}
    wait_for(queue_is_empty, timeout=15, what="every copy consumed")
    article_row = Article.objects.get(id=article_id)
    assert article_row.status == "processed" and article_row.attempts == 1
    assert_same_as_in_process_run()
