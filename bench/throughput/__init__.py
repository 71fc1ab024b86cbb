"""`manage.py benchmark`: a generated news corpus with known claims (corpus.py) and the
measurements taken on it (measures.py)."""
