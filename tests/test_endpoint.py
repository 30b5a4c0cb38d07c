"""kg against a real SPARQL 1.1 server: ``oxigraph serve`` (PyPI ``oxigraph``) on 127.0.0.1 in a temp folder.

The same build, queries, lineage and check as the embedded store: the same named graphs, an idempotent
rebuild, a changed file replacing only its graph. A missing server binary fails these tests, never skips.
"""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import kg
from graph_data import copy_corpus, same_graphs
from servers import HOST, free_port, stop, wait_until_up
from kg.cli import main
from kg.builder import build
from kg.remote import RemoteStore, endpoint_urls
from kg.store import StoreError, open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DOC_001, DOC_003 = "001_efa0bf86d863f830.txt", "003_8eb26c793d131e44.txt"


def _server_binary() -> str:
    """The ``oxigraph`` executable of the PyPI package (next to this Python, or on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server binary is missing: install the test extra "
                    "(pip install -e '.[test]', which brings the PyPI package `oxigraph`)", pytrace=False)
    return found


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """Starts fresh Oxigraph servers (each in its own temp folder) and stops them all at the end of the session."""
    binary = _server_binary()
    procs: list[subprocess.Popen] = []

    def start() -> str:
        port = free_port()
        location = tmp_path_factory.mktemp("oxigraph-server")
        proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"{HOST}:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(proc)
        url = f"http://{HOST}:{port}"
        wait_until_up(f"{url}/query", proc, "oxigraph serve")
        return url

    try:
        yield start
    finally:
        for proc in procs:
            stop(proc)


@pytest.fixture(scope="session")
def server(start_server: Callable[[], str]) -> str:
    """The base URL (``http://127.0.0.1:<port>``) of the server the corpus is built into once."""
    return start_server()


def _clear(url: str) -> None:
    req = urllib.request.Request(f"{url}/update", data=b"DROP ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(req, timeout=30).close()


@pytest.fixture(scope="module")
def built(server: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The corpus built into the server and into an embedded store: paths, URLs and both reports."""
    _clear(server)
    base = tmp_path_factory.mktemp("endpoint")
    corpus = copy_corpus(base / "corpus")
    with open_store(f"{server}/query", cache_dir=base / "cache" / "extractions") as remote:
        remote_report = build([corpus], remote, progress=False, err=io.StringIO(), jobs=1)
    with open_store(base / "local") as local:
        local_report = build([corpus], local, progress=False, err=io.StringIO(), jobs=1)
    return {"url": server, "query": f"{server}/query", "corpus": corpus, "base": base,
            "remote": remote_report, "local": local_report}


def test_endpoint_urls_default_to_the_oxigraph_layout():
    assert endpoint_urls("http://127.0.0.1:7878/query") == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")
    assert endpoint_urls("http://127.0.0.1:3030/ds/query", "http://127.0.0.1:3030/ds/update",
                         "http://127.0.0.1:3030/ds/data")[2] == "http://127.0.0.1:3030/ds/data"


def test_open_store_by_url_is_a_remote_store(built):
    with kg.open_store(built["query"]) as store:
        assert isinstance(store, RemoteStore)
        assert store.base == "https://w3id.org/party-kg/"


def test_the_server_holds_the_same_graphs_as_the_embedded_store(built):
    assert built["remote"].lines()[0] == built["local"].lines()[0]  # documents, references, triples
    with open_store(built["query"]) as remote, open_store(built["base"] / "local") as local:
        assert same_graphs(remote.export_bytes("nquads"), local.export_bytes("nquads"))
        assert remote.manifest() == local.manifest()
        assert remote.digests() == local.digests()
        assert len(remote) == len(local) and remote.quad_count() == local.quad_count()
        assert remote.content_graphs() == local.content_graphs()


def test_a_construct_query_gives_the_same_graph_from_the_server(built):
    construct = "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d a pk:Document ; rdfs:label ?l ; pk:symbol ?s }"
    with open_store(built["query"]) as remote, open_store(built["base"] / "local") as local:
        ours, theirs = local.query(construct), remote.query(construct)
        assert theirs.type == ours.type == "CONSTRUCT" and len(ours.graph) > 50
        assert set(theirs.graph) == set(ours.graph)


def test_a_rebuild_against_the_server_is_idempotent(built):
    with open_store(built["query"], cache_dir=built["base"] / "cache" / "extractions") as store:
        before = store.export_bytes("nquads")
        again = build([built["corpus"]], store, progress=False, err=io.StringIO(), jobs=1)
        assert again.replaced == [] and again.unchanged == 4 and again.cached == 4 and again.catalog == "unchanged"
        assert store.export_bytes("nquads") == before


def test_a_changed_file_replaces_only_its_graph_on_the_server(start_server: Callable[[], str], tmp_path: Path):
    server = start_server()  # its own server: the corpus changes here
    corpus = copy_corpus(tmp_path / "corpus")
    with open_store(f"{server}/query", cache_dir=tmp_path / "cache") as store:
        build([corpus], store, progress=False, err=io.StringIO(), jobs=1)
        before = store.manifest()
        others = {e.graph: store.graph_lines(e.graph) for p, e in before.items() if not p.endswith(DOC_001)}
        with open(corpus / DOC_001, "a", encoding="utf-8") as f:
            f.write("\nMột dòng thêm vào cuối.\n")
        report = build([corpus], store, progress=False, err=io.StringIO(), jobs=1)
        after = store.manifest()
        assert [Path(p).name for p in report.changed] == [DOC_001] and report.added == []
        old_graph = next(e.graph for p, e in before.items() if p.endswith(DOC_001))
        new_graph = next(e.graph for p, e in after.items() if p.endswith(DOC_001))
        assert new_graph != old_graph and store.graph_lines(old_graph) == []  # the old graph is gone
        assert store.graph_lines(new_graph)
        assert {g: store.graph_lines(g) for g in others} == others  # the other files' graphs are untouched


QUERIES = [("most-cited.rq", []), ("conflicts.rq", []), ("co-citation.rq", []), ("unresolved.rq", []),
           ("documents.rq", ["--param", "term=XIII"]), ("cited-by.rq", ["--param", "doc=26-NQ/TW (XII)"]),
           ("lineage-up.rq", ["--param", "doc=09-KL/BTCTW"])]


@pytest.mark.parametrize(("name", "params"), QUERIES)
def test_kg_query_gives_the_same_rows_from_the_server(built, capsys, name: str, params: list[str]):
    rq = str(ROOT / "queries" / name)
    assert main(["query", rq, *params, "--store", str(built["base"] / "local"), "--format", "csv"]) == 0
    local = capsys.readouterr().out
    assert main(["query", rq, *params, "--endpoint", built["query"], "--format", "csv"]) == 0
    assert capsys.readouterr().out == local
    assert len(local.splitlines()) > 1 or name == "conflicts.rq"


def test_lineage_and_paths_work_against_the_server(built):
    with open_store(built["query"]) as remote, open_store(built["base"] / "local") as local:
        up_remote = kg.lineage(remote, "09-KL/BTCTW", depth=3)
        up_local = kg.lineage(local, "09-KL/BTCTW", depth=3)
        assert len(up_remote) > 0
        assert up_remote.to_dict() == up_local.to_dict()


def test_kg_lineage_and_check_take_an_endpoint(built, capsys):
    args = ["lineage", "09-KL/BTCTW", "--format", "json"]
    assert main([*args, "--store", str(built["base"] / "local")]) == 0
    local = capsys.readouterr().out
    assert main([*args, "--endpoint", built["query"]]) == 0
    assert capsys.readouterr().out == local
    assert main(["check", "--store", str(built["base"] / "local")]) == 0
    local = capsys.readouterr().out
    # with --endpoint, --store names the folder of the extraction cache the build wrote
    assert main(["check", "--endpoint", built["query"], "--store", str(built["base"] / "cache")]) == 0
    assert capsys.readouterr().out == local


def test_the_rdflib_view_reads_the_server(built):
    with open_store(built["query"]) as store:
        rows = list(store.graph().query("SELECT ?d WHERE { ?d a pk:Document } LIMIT 3"))
        assert len(rows) == 3


def test_an_unreachable_endpoint_is_a_clear_error():
    port = free_port()  # nothing listens there
    with pytest.raises(StoreError, match="cannot reach"):
        open_store(f"http://{HOST}:{port}/query")


def test_prune_removes_graphs_from_the_server(start_server: Callable[[], str], tmp_path: Path):
    server = start_server()
    corpus = copy_corpus(tmp_path / "corpus")
    with open_store(f"{server}/query", cache_dir=tmp_path / "cache") as store:
        build([corpus], store, progress=False, err=io.StringIO(), jobs=1)
        gone = store.manifest()[str(corpus / DOC_001)].graph
        report = build([corpus / DOC_003], store, prune=True, progress=False, err=io.StringIO(), jobs=1)
        assert len(report.pruned) == 3 and len(store.manifest()) == 1
        assert store.graph_lines(gone) == [] and gone not in {str(g) for g in store.content_graphs()}


def test_kg_serve_explores_a_store_on_a_sparql_server(built, tmp_path):
    """``kg serve --endpoint``: the explorer's search, pages and SPARQL endpoint over the Oxigraph server."""
    from servers import wait_until_searchable

    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("kg")), "serve", "--endpoint", built["query"],
                             "--store", str(tmp_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://{HOST}:{port}"
    try:
        wait_until_up(f"{url}/query", proc, "kg serve --endpoint")
        wait_until_searchable(url, 60)
        with urllib.request.urlopen(f"{url}/api/search?q=09-KL%2FBTCTW", timeout=30) as r:
            hit = json.loads(r.read())["hits"][0]
        with urllib.request.urlopen(url + hit["url"], timeout=30) as r:
            page = r.read().decode("utf-8")
        assert "Ban Tổ chức Trung ương" in page and "<mark>Kế hoạch số 12-KH/TW</mark>" in page
        construct = urllib.parse.quote("CONSTRUCT { ?d a pk:Document } WHERE { ?d a pk:Document } LIMIT 2")
        with urllib.request.urlopen(f"{url}/query?query={construct}", timeout=30) as r:
            assert r.headers.get_content_type() == "application/n-triples" and len(r.read().splitlines()) == 2
    finally:
        stop(proc)
