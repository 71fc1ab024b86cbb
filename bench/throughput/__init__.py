"""`manage.py benchmark`: what users get, each figure with its baseline in the same run. Real news
texts (texts.py), extraction against bare `nlp.pipe` and a fresh process's memory (extraction.py),
stores of 1k to 1M claims built with COPY in scratch databases (scratch.py, store.py), the pipeline
through a real worker and the API over HTTP on gunicorn (pipeline.py, apiload.py, servers.py),
run in child processes (children.py) and judged against the targets (targets.py)."""
