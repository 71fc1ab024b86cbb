"""The layout shows the pipeline: each stage imports only the stages before it, and no package
imports one that imports it back."""
from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
# In the order data flows; workbench is both the platform under the stages and the URLs above them.
STAGES = ["sources", "claims", "facts", "review", "webhooks", "api", "workers", "bench"]


def test_the_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", str(ROOT / ".importlinter")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_stage_imports_a_later_one():
    graph = grimp.build_graph(*STAGES, "workbench")
    for earlier, later in itertools.combinations(STAGES, 2):
        chain = graph.find_shortest_chain(importer=earlier, imported=later, as_packages=True)
        assert chain is None, f"{earlier} reaches {later}: {' -> '.join(chain)}"


def test_the_package_graph_has_no_cycle():
    graph = grimp.build_graph(*STAGES, "workbench")
    packages = [*STAGES, "workbench.platform", "workbench.queue", "workbench.settings"]
    edges = {
        (a, b)
        for a, b in itertools.permutations(packages, 2)
        if not (a.startswith(b + ".") or b.startswith(a + "."))
        and graph.direct_import_exists(importer=a, imported=b, as_packages=True)
    }
    cycles = sorted((a, b) for a, b in edges if (b, a) in edges)
    assert not cycles, f"packages that import each other: {cycles}"
