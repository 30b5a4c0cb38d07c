"""kg against Virtuoso 7 (Debian's virtuoso-opensource), a second real SPARQL server, started on 127.0.0.1.

Build, every query of queries/, lineage, check, view and export give what the embedded store gives,
order aside. Two differences of Virtuoso are normalised here and said in the README: booleans come
back as the integers 1 and 0, and GROUP_CONCAT lists its values in its own order.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from graph_data import copy_corpus, same_graphs
from kg.cli import main
from kg.remote import RemoteStore
from kg.store import StoreError, open_store
from servers import start_virtuoso, stop

ROOT = Path(__file__).resolve().parent.parent
QUERY_PARAMS = {"evidence": ["doc=26-NQ/TW (XII)"], "implements": ["doc=26-NQ/TW (XII)"],
                "cited-by": ["doc=26-NQ/TW (XII)"], "cites": ["doc=09-KL/BTCTW"], "lineage-up": ["doc=09-KL/BTCTW"],
                "lineage-down": ["doc=18-NQ/TW (XII)"], "documents": ["term=XIII"],
                "replaced-by": ["doc=01-HD/TW (XII)"], "in-force": ["on=2022-01-01", "type=HD"]}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield url
    finally:
        stop(proc)


def _endpoint(url: str, cache: Path) -> list[str]:
    """The options that point kg at the Virtuoso at ``url`` (its SPARQL, update and Graph Store URLs)."""
    return ["--endpoint", f"{url}/sparql", "--update-url", f"{url}/sparql", "--store-url", f"{url}/sparql-graph-crud",
            "--union-param", "", "--store", str(cache)]


@pytest.fixture(scope="module")
def built(virtuoso: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The corpus built into Virtuoso and into an embedded store, with what each build said."""
    base = tmp_path_factory.mktemp("virtuoso-build")
    corpus = copy_corpus(base / "corpus")
    said = {}
    for name, where in (("remote", _endpoint(virtuoso, base / "cache")), ("local", ["--store", str(base / "local")])):
        err = io.StringIO()
        with redirect_stderr(err):
            assert main(["build", str(corpus), *where, "--no-progress", "-j", "1"]) == 0
        said[name] = err.getvalue()
    return {"url": virtuoso, "base": base, "corpus": corpus, "remote": _endpoint(virtuoso, base / "cache"),
            "local": ["--store", str(base / "local")], "said": said}


def _normal_rows(csv_text: str) -> list[tuple[str, ...]]:
    """CSV rows, sorted, with each ``a | b`` list sorted and booleans as 1/0 (how Virtuoso gives them)."""
    rows = list(csv.reader(io.StringIO(csv_text)))
    head, body = rows[0], rows[1:]
    cell = lambda v: {"true": "1", "false": "0"}.get(v, " | ".join(sorted(v.split(" | "))))
    return [tuple(head), *sorted(tuple(cell(v) for v in row) for row in body)]


def _run(args: list[str], capsys) -> str:
    code = main(args)
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_the_build_counts_only_our_graphs(built):
    assert built["said"]["remote"].splitlines()[0] == built["said"]["local"].splitlines()[0]
    assert "122 resolved, 8 unresolved" in built["said"]["remote"]


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "queries").glob("*.rq")))
def test_every_query_gives_the_same_rows_as_the_embedded_store(built, capsys, name: str):
    params = [a for p in QUERY_PARAMS.get(name, []) for a in ("--param", p)]
    local = _run(["query", name, *params, *built["local"], "--format", "csv"], capsys)
    remote = _run(["query", name, *params, *built["remote"], "--format", "csv"], capsys)
    assert _normal_rows(remote) == _normal_rows(local)
    # the corpus states no done replacement, repeal or amendment (every one is planned work): replaced-by is empty
    assert len(local.splitlines()) > 1 or name in ("footnote-only", "replaced-by")


def test_lineage_check_and_view_agree_with_the_embedded_store(built, capsys, tmp_path: Path):
    for args in (["lineage", "09-KL/BTCTW", "--format", "json"], ["lineage", "26-NQ/TW", "--term", "XII", "--down"]):
        local = _run([*args, *built["local"]], capsys)
        assert _run([*args, *built["remote"]], capsys) == local
    assert _run(["check", *built["remote"]], capsys) == _run(["check", *built["local"]], capsys)
    said = {}
    for name in ("local", "remote"):
        assert main(["view", *built[name], "-o", str(tmp_path / f"{name}.html")]) == 0
        said[name] = capsys.readouterr().err.split(":", 1)[1]
    assert said["remote"] == said["local"].replace("local.html", "remote.html")


def test_export_gives_the_same_quads_in_every_format(built, capsys, tmp_path: Path):
    for fmt in ("nquads", "trig", "jsonld"):
        main(["export", *built["local"], "--format", fmt, "-o", str(tmp_path / f"local.{fmt}")])
        main(["export", *built["remote"], "--format", fmt, "-o", str(tmp_path / f"remote.{fmt}")])
    capsys.readouterr()
    remote, local = (tmp_path / "remote.nquads").read_bytes(), (tmp_path / "local.nquads").read_bytes()
    assert remote and same_graphs(remote, local)
    assert json.loads((tmp_path / "remote.jsonld").read_bytes()) == json.loads((tmp_path / "local.jsonld").read_bytes())


def test_a_rebuild_against_virtuoso_is_idempotent(built, capsys):
    assert main(["build", str(built["corpus"]), *built["remote"], "--no-progress", "-j", "1"]) == 0
    assert "4 unchanged" in capsys.readouterr().err


def test_server_graphs_are_not_ours(built):
    with open_store(f"{built['url']}/sparql", update_url=f"{built['url']}/sparql",
                    store_url=f"{built['url']}/sparql-graph-crud", union_param=None) as store:
        graphs = [str(g) for g in store.content_graphs()]
        assert graphs and all(g.startswith(store.base) for g in graphs)
        assert not any("openlinksw" in g or "virtrdf" in g for g in graphs)


def test_digest_authentication_reads_the_password_from_the_environment(built, capsys, monkeypatch):
    auth = ["--endpoint", f"{built['url']}/sparql-auth", "--union-param", "", "--store", str(built["base"] / "cache")]
    assert main(["query", "most-cited", *auth]) == 1
    assert "HTTP 401" in capsys.readouterr().err
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "dba")  # the scratch server's own administrator
    local = _run(["query", "most-cited", *built["local"], "--format", "csv"], capsys)
    assert _normal_rows(_run(["query", "most-cited", *auth, "--user", "dba", "--format", "csv"], capsys)) == \
        _normal_rows(local)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong")
    assert main(["query", "most-cited", *auth, "--user", "dba"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_server_that_never_answers_is_one_line_after_the_timeout(tmp_path: Path):
    import socket

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        with pytest.raises(StoreError, match="no answer within 0.5 s"):
            RemoteStore(f"http://127.0.0.1:{port}/sparql", timeout=0.5)  # it reads the manifest on opening
