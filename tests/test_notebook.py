"""notebooks/explore.ipynb runs from top to bottom (nbmake, in a fresh kernel) and is committed with its outputs, so
that it reads on GitHub."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def test_the_notebook_runs_offline_from_a_fresh_kernel(tmp_path):
    """It leaves nothing behind in the temporary folder."""
    command = [sys.executable, "-m", "pytest", "--nbmake", "--nbmake-timeout=300", "-q", "-p", "no:cacheprovider",
               str(NOTEBOOK)]
    temp = tmp_path / "temp"
    temp.mkdir()
    run = subprocess.run(command, cwd=NOTEBOOK.parent.parent, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "TMPDIR": str(temp)})
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout
    assert not list(temp.glob("kg-explore-*"))


def test_the_notebook_is_committed_with_its_outputs_and_no_error():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c["execution_count"] for c in code)
    assert all(c["outputs"] for c in code[:-1])  # every cell but the last (store.close()) shows something
    outputs = [o for c in code for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # the two charts
    assert "kg.run_query" in "".join("".join(c["source"]) for c in code)  # the public API only
