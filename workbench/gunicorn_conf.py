"""gunicorn's settings for the web process (`gunicorn -c python:workbench.gunicorn_conf
workbench.wsgi`), read from the environment like the rest (README's settings table)."""
import os

bind = os.environ.get("CROSSCHECK_WEB_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: a request holds a database connection for its duration, and the pipeline's
# heavy work runs in Celery, not here. Two per core is gunicorn's own rule of thumb.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
# An article submission of the largest accepted size is parsed and stored within this.
timeout = int(os.environ.get("CROSSCHECK_WEB_TIMEOUT_SECONDS", 30))
# A worker is replaced after this many requests, so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("CROSSCHECK_WEB_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
