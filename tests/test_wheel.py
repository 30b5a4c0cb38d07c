"""The built wheel, installed in a fresh venv outside the checkout, builds the same graph as the checkout.

The wheel must carry what the tool reads at run time (the catalog, the canned queries, the ontology):
a copy of the corpus is built with the installed ``kg`` in a folder that has no ``queries/`` or
``data/`` of its own, and its counts, its most-cited list and its viewer page match the checkout's.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import kg
from graph_data import copy_corpus

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The project's wheel, built from the checkout and installed alone in a fresh venv, which finds the
    dependencies in this environment's site-packages (a plain path: its editable hook to the checkout is not
    run). What is under test is what the wheel carries; ``make test`` installs the dependencies themselves."""
    work = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)], cwd=work)
    wheel = next((work / "dist").glob("party_kg-*.whl"))
    venv.EnvBuilder(with_pip=False).create(work / "venv")  # this pip installs into it: no copy of pip to set up
    bin_dir = work / "venv" / "bin"
    _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "-q", "--no-deps",
          "--no-compile", str(wheel)], cwd=work)
    site = Path(_run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=work).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return {"wheel": wheel, "kg": str(bin_dir / "kg"), "python": str(bin_dir / "python"), "work": work}


def test_the_wheel_carries_catalog_queries_ontology_and_types(installed: dict):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for name in ("kg/py.typed", "kg/data/catalog/XIII.csv", "kg/data/catalog/registers.csv",
                 "kg/data/queries/most-cited.rq", "kg/data/ontology/party.ttl", "kg/data/ontology/shapes.ttl",
                 "kg/serve/templates/document.html.j2", "kg/serve/static/graph.js", "kg/serve/static/explorer.css"):
        assert name in names
    assert not any(n.startswith("kg/data/corpus") or n.startswith("data/") for n in names)


def test_installed_kg_says_its_version(installed: dict):
    out = _run([installed["kg"], "--version"], cwd=installed["work"]).stdout
    assert out.strip() == f"kg {kg.__version__}"
    code = ("import kg, importlib.resources as r; "
            "print(kg.__version__, r.files('kg').joinpath('py.typed').is_file(), kg.__file__)")
    version, typed, where = _run([installed["python"], "-c", code], cwd=installed["work"]).stdout.split()
    assert (version, typed) == (kg.__version__, "True")
    assert Path(where).is_relative_to(installed["work"] / "venv")  # the wheel's copy, not the checkout's


def _kg_session(kg_command: list[str], cwd: Path, corpus: Path) -> dict[str, str]:
    """Build the corpus, list the most-cited documents and draw the viewer page with one ``kg``; what each said."""
    built = _run([*kg_command, "build", str(corpus), "--store", "store", "--no-progress", "-j", "1"], cwd=cwd)
    top = _run([*kg_command, "query", "most-cited", "--store", "store", "--format", "json"], cwd=cwd)
    view = _run([*kg_command, "view", "--store", "store", "-o", "graph.html"], cwd=cwd)
    return {"counts": built.stderr.splitlines()[0], "most-cited": top.stdout,
            "view": view.stderr.split(":", 1)[1].rsplit(",", 1)[0]}


def test_installed_wheel_builds_queries_and_views_like_the_checkout(installed: dict, tmp_path: Path):
    outside, checkout = tmp_path / "outside", tmp_path / "checkout"
    outside.mkdir()
    checkout.mkdir()
    corpus = copy_corpus(tmp_path / "corpus")
    wheel = _kg_session([installed["kg"]], outside, corpus)
    ours = _kg_session([sys.executable, "-m", "kg.cli"], checkout, corpus)
    assert wheel["counts"] == ours["counts"]
    assert "122 resolved, 8 unresolved" in wheel["counts"]  # the catalog is there: without it fewer resolve
    assert json.loads(wheel["most-cited"]) == json.loads(ours["most-cited"])
    assert wheel["view"] == ours["view"]
    assert not (outside / "queries").exists() and not (outside / "data").exists()


def test_installed_kg_serves_the_explorer(installed: dict, tmp_path: Path):
    """The explorer's templates and scripts reach the installed package: a document page and the network's script."""
    import urllib.request

    from servers import free_port, stop, wait_until_up

    corpus = copy_corpus(tmp_path / "corpus")
    _run([installed["kg"], "build", str(corpus), "--store", "store", "--no-progress", "-j", "1"], cwd=tmp_path)
    port = free_port()
    proc = subprocess.Popen([installed["kg"], "serve", "--store", "store", "--port", str(port)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query", proc, "kg serve (wheel)")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/doc/eli/dang/BTCTW/XIII/KL/9", timeout=30) as r:
            assert "Ban Tổ chức Trung ương" in r.read().decode("utf-8")
        for path in ("/static/graph.js", "/vis/vis-network.min.js"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                assert r.status == 200 and len(r.read()) > 1000
    finally:
        stop(proc)
