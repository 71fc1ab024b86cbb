"""Redis stopped while newsroom tools submit articles through the API."""
import time

import pytest

from sources.models import Article
from tests.faults.conftest import (
    article,
    assert_same_as_in_process_run,
    wait_until_settled,
)

pytestmark = [pytest.mark.faults, pytest.mark.model]


def test_the_api_answers_promptly_without_redis_and_the_work_runs_once_it_is_back(workers, api, redis_server):
    workers.start()
    client = api()
    before = [client.post(f"{client.base_url}/api/v1/articles/", json=article(n).payload()) for n in range(40, 43)]
    assert [r.status_code for r in before] == [201] * 3
    wait_until_settled([r.json()["id"] for r in before], timeout=60)

    redis_server.stop()
    try:
        during, timings = [], []
        for n in range(43, 49):
            started = time.monotonic()
            response = client.post(f"{client.base_url}/api/v1/articles/", json=article(n).payload())
            timings.append(time.monotonic() - started)
            during.append(response)
            # Reads do not need the broker at all.
            assert client.get(f"{client.base_url}/api/v1/articles/{response.json()['id']}/").status_code == 200
        print(f"\nAPI submit latency with Redis stopped: max {max(timings):.3f}s, all {[round(t, 3) for t in timings]}")
        assert [r.status_code for r in during] == [201] * 6, [r.text for r in during]
        assert max(timings) < 2.0, timings
        stored = Article.objects.filter(id__in=[r.json()["id"] for r in during])
        assert set(stored.values_list("status", flat=True)) == {"received"}
    finally:
        redis_server.start()

    # The messages were never sent; the sweeper (every second here, with a short stale time)
    # queues them, and the worker, reconnected, runs them.
    ids = [r.json()["id"] for r in before + during]
    settled = wait_until_settled(ids, timeout=120, sweep_older_than=3)
    assert set(settled.values()) == {"processed"}
    assert set(Article.objects.filter(id__in=ids).values_list("attempts", flat=True)) == {1}
    assert_same_as_in_process_run()
