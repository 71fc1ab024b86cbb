"""The targets of the scale issue, as data, and how a run's figures meet them."""
from __future__ import annotations

# name: (what, comparison, limit)
TARGETS = {
    "extraction_ratio": ("extraction words/s over bare nlp.pipe words/s (computing as extraction does: GEMM, maxout, embedding), real news",
                         ">=", 1.5),
    "resolve_growth": ("p95 of resolving one article at the largest store over the smallest", "<=", 2.0),
    "http_p95_ms": ("API p95 per list over HTTP, 4 connections, at the API's store size", "<=", 100.0),
    "pipeline_articles_per_s": ("articles/s through a real celery worker, 2 processes", ">=", 5.0),
    "vmhwm_mb": ("peak memory (VmHWM) of a worker process after its articles", "<=", 600.0),
}


def parse_overrides(items: list[str]) -> dict[str, float]:
    overrides = {}
    for item in items:
        name, _, value = item.partition("=")
        if name not in TARGETS:
            raise ValueError(f"unknown target {name!r}: one of {', '.join(TARGETS)}")
        try:
            overrides[name] = float(value)
        except ValueError:
            raise ValueError(f"--target {item!r}: the limit must be a number") from None
    return overrides


def _row(name: str, label: str, value, limits: dict) -> dict:
    what, op, _ = TARGETS[name]
    limit = limits[name]
    if value is None:
        return {"name": label, "target": name, "value": None, "limit": f"{op} {limit:g}", "status": "not measured"}
    ok = value >= limit if op == ">=" else value <= limit
    return {"name": label, "target": name, "value": value, "limit": f"{op} {limit:g}", "status": "pass" if ok else "miss"}


def evaluate(result: dict, overrides: dict[str, float]) -> list[dict]:
    limits = {name: overrides.get(name, limit) for name, (_, _, limit) in TARGETS.items()}
    rows = []
    if "extraction" in result:
        rows.append(_row("extraction_ratio", "extraction_ratio", result["extraction"]["ratio_to_spacy_same_gemm"], limits))
    for shape, by_size in result.get("resolve_ms", {}).items():
        sizes = sorted(by_size, key=int)
        if len(sizes) < 2:
            continue
        first, last = by_size[sizes[0]], by_size[sizes[-1]]
        growth = None
        if first["p95_ms"] and last["p95_ms"] is not None:
            growth = round(last["p95_ms"] / first["p95_ms"], 2)
        label = f"resolve_growth {shape} {int(sizes[-1]):,} / {int(sizes[0]):,}"
        rows.append(_row("resolve_growth", label, growth, limits))
        if last.get("timed_out"):
            rows[-1]["note"] = f"stopped: {last['timed_out']} took over {last['timeout_s']:g}s"
    for shape, figures in result.get("http", {}).items():
        for endpoint in ("claims", "checks", "facts"):
            rows.append(_row("http_p95_ms", f"http_p95_ms {shape} {endpoint}", figures[endpoint]["p95_ms"], limits))
            constant = figures[endpoint]["queries_per_request"]["constant"]
            rows.append({"name": f"http queries constant {shape} {endpoint}", "target": "queries_constant",
                         "value": constant, "limit": "same at 10 and 100 rows, first and deepest page",
                         "status": "pass" if constant else "miss"})
    if "pipeline" in result:
        rows.append(_row("pipeline_articles_per_s", "pipeline_articles_per_s", result["pipeline"]["articles_per_s"], limits))
        rows.append(_row("vmhwm_mb", "vmhwm_mb celery worker process", result["pipeline"]["worker_vmhwm_mb"], limits))
    if "memory" in result:
        rows.append(_row("vmhwm_mb", f"vmhwm_mb fresh process, {result['memory']['articles']} articles",
                         result["memory"]["vmhwm_mb"], limits))
    return rows


def render(result: dict) -> str:
    lines = ["Crosscheck benchmark", ""]
    if "extraction" in result:
        e = result["extraction"]
        lines.append(f"extraction: {e['articles']} real articles ({e['seed_articles']} seeds, {e['devset_articles']} "
                     f"dev set), {e['words']:,} words, {e['numeric_paragraph_word_share']:.0%} in paragraphs with a "
                     f"figure: bare nlp.pipe {e['spacy_words_per_s']:,.0f} words/s, extraction "
                     f"{e['extract_words_per_s']:,.0f} words/s ({e['ratio_to_spacy']:.2f}x; "
                     f"{e['ratio_to_spacy_same_gemm']:.2f}x bare nlp.pipe computing as extraction does, {e['gemm']} GEMM)")
        if e.get("figure_quality"):
            q = e["figure_quality"]
            lines.append(f"figure quality on the dev set's annotations: value F1 {q['f1']} (precision {q['precision']}, "
                         f"recall {q['recall']}), date accuracy {q['date_accuracy']} %")
    if "memory" in result:
        m = result["memory"]
        lines.append(f"memory: fresh process VmHWM {m['vmhwm_mb']} MB after {m['articles']} articles "
                     f"({m['vmhwm_after_load_mb']} MB after loading the model)")
    if "pipeline" in result:
        p = result["pipeline"]
        lines.append(f"pipeline: {p['articles']} articles in {p['seconds']} s through a celery worker "
                     f"({p['concurrency']} processes): {p['articles_per_s']} articles/s; worker process VmHWM "
                     f"{p['worker_processes_vmhwm_mb']} MB; task time "
                     + ", ".join(f"{name.rsplit('.', 1)[-1]} {share:.0%}" for name, share in p["task_share"].items()))
    for shape, by_size in result.get("resolve_ms", {}).items():
        for size, r in sorted(by_size.items(), key=lambda kv: int(kv[0])):
            build = result["store_builds"][shape][size]
            lines.append(f"resolve one article, {shape} store of {int(size):,} claims (built in {build['seconds']} s): "
                         f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms over {r['probes']} articles"
                         + (f" (stopped: {r['timed_out']} over {r['timeout_s']:g} s)" if r.get("timed_out") else ""))
    for shape, h in result.get("http", {}).items():
        for endpoint in ("claims", "checks", "facts"):
            f = h[endpoint]
            lines.append(f"http {shape} {h['claims_in_store']:,} claims, {endpoint} ({f['rows']:,} rows): p50 "
                         f"{f['p50_ms']} ms, p95 {f['p95_ms']} ms, deep pages p95 {f['deep_p95_ms']} ms, first page "
                         f"{f['first_page_ms']} ms, "
                         f"{f['requests_per_s']} req/s; queries {f['queries_per_request']}")
    for part, reason in result.get("skipped", {}).items():
        lines.append(f"skipped {part}: {reason}")
    lines += ["", f"{'target':<58} {'value':>10}  {'limit':<10} status"]
    for t in result["targets"]:
        lines.append(f"{t['name']:<58} {str(t['value']):>10}  {t['limit']:<10} {t['status']}"
                     + (f" ({t['note']})" if t.get("note") else ""))
    lines.append(f"\nall targets: {result['check']}")
    return "\n".join(lines) + "\n"
