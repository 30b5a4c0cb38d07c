"""``kg serve``: search, document pages, neighbourhoods and the SPARQL 1.1 Protocol endpoint, over real HTTP."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import HOST, explorer_store, start_explorer, stop

from kg.cli import main


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    store = explorer_store(tmp_path_factory.mktemp("explorer"))
    proc, url = start_explorer(store)
    try:
        yield store, url
    finally:
        stop(proc)


def get(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> tuple[int, str, str]:
    """(status, content type, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get_content_type(), r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read().decode("utf-8")


def search(url: str, q: str) -> dict:
    return json.loads(get(f"{url}/api/search?q={urllib.parse.quote(q)}")[2])


def test_search_finds_a_symbol_with_or_without_diacritics_and_tells_documents_apart(served):
    _, url = served
    hits = search(url, "26-NQ/TW")["hits"]
    assert hits and all(h["symbol"] == "26-NQ/TW" for h in hits)
    assert len({(h["issuer"], h["date"]) for h in hits}) == len(hits) > 1  # several 26-NQ/TW, each with body and date
    assert search(url, "Ban Tổ chức Trung ương")["total"] == search(url, "ban to chuc trung uong")["total"] > 0
    assert search(url, "kết luận 09 btctw")["hits"][0]["symbol"] == "09-KL/BTCTW"
    assert search(url, "01-KL/HU")["total"] == 0  # a symbol-shaped query matches symbols, not scattered words
    status, _, page = get(f"{url}/search?q={urllib.parse.quote('zzzz không có')}")
    assert status == 200 and "No document in this store matches" in page


def test_a_document_page_shows_record_status_citations_with_evidence_and_lineage(served):
    _, url = served
    hit = search(url, "09-KL/BTCTW")["hits"][0]
    assert hit["url"] == "/doc/eli/dang/BTCTW/XIII/KL/9" and hit["place"] == "Hà Nội"
    status, kind, page = get(url + hit["url"])
    assert status == 200 and kind == "text/html"
    assert "Ban Tổ chức Trung ương" in page and "2024-01-11" in page and "no change known" in page
    assert "<mark>Kế hoạch số 12-KH/TW</mark>" in page and "001_efa0bf86d863f830.txt" in page  # evidence, marked
    assert 'id="lineage-up"' in page and 'href="/graph/eli/dang/BTCTW/XIII/KL/9"' in page
    copies = page.split('id="copies"')[1].split("</section>")[0]
    assert copies.count("<li>") == 2 and "686-SY/TU" in copies and "172-BS/HU" in copies


def test_a_page_lists_only_its_own_copies_and_says_when_it_cites_nothing(served):
    _, url = served
    page = get(f"{url}/doc/eli/dang/TW/XII/NQ/26")[2]
    assert 'id="copies"' not in page  # it has none (the records read before it are not its copies)
    assert "Nothing: it cites no document." in page and "09-KL/BTCTW" in page.split('id="lineage-down"')[1]


def test_a_replaced_document_says_by_what_and_since_when(served):
    _, url = served
    hit = next(h for h in search(url, "29-QĐ/TW")["hits"] if h["term"] == "XII")
    page = get(url + hit["url"])[2]
    assert "replaced by 24-QĐ/TW (XIII) on 2021-07-30" in page
    assert hit["status"] == "replaced" and '<span class="status-badge">replaced</span>' in get(
        f"{url}/search?q={urllib.parse.quote('29-QĐ/TW')}")[2]


def test_an_unknown_document_is_a_404_page(served):
    _, url = served
    status, kind, page = get(f"{url}/doc/eli/dang/TW/XII/NQ/999")
    assert status == 404 and kind == "text/html" and "No such document" in page


def test_text_from_the_data_is_escaped(served):
    _, url = served
    status, _, page = get(f"{url}/search?q={urllib.parse.quote('<script>alert(1)</script>')}")
    assert status == 200 and "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_neighbours_of_a_document_with_type_and_relation_colours(served):
    _, url = served
    iri = search(url, "09-KL/BTCTW")["hits"][0]["iri"]
    g = json.loads(get(f"{url}/api/neighbours?iri={urllib.parse.quote(iri)}")[2])
    assert g["focus"] == iri and g["nodes"][0]["id"] == iri and len(g["nodes"]) > 10
    assert {e["relation"] for e in g["edges"]} >= {"implements", "copy_of"}
    assert all(e["from"] == iri or e["to"] == iri for e in g["edges"])
    assert all(n["color"].startswith("#") and n["url"].startswith("/doc/") for n in g["nodes"])


@pytest.mark.parametrize("how", ["get", "form", "body"])
def test_the_sparql_protocol_endpoint_answers_every_way_of_asking(served, how):
    _, url = served
    q = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a pk:Document }"
    if how == "get":
        status, kind, body = get(f"{url}/query?query={urllib.parse.quote(q)}")
    elif how == "form":
        status, kind, body = get(f"{url}/query", {"Content-Type": "application/x-www-form-urlencoded"},
                                 urllib.parse.urlencode({"query": q}).encode())
    else:
        status, kind, body = get(f"{url}/query", {"Content-Type": "application/sparql-query"}, q.encode())
    assert status == 200 and kind == "application/sparql-results+json"
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 500


def test_the_endpoint_negotiates_formats_and_refuses_updates_and_bad_queries(served):
    _, url = served
    ask = urllib.parse.quote("ASK { ?d a pk:Document }")
    assert get(f"{url}/query?query={ask}", {"Accept": "text/csv"})[1] == "text/csv"
    assert get(f"{url}/query?query={ask}", {"Accept": "application/sparql-results+xml"})[1] == "application/sparql-results+xml"
    construct = urllib.parse.quote("CONSTRUCT { ?d a pk:Document } WHERE { ?d a pk:Document } LIMIT 3")
    status, kind, body = get(f"{url}/query?query={construct}")
    assert (status, kind, len(body.splitlines())) == (200, "application/n-triples", 3)
    assert get(f"{url}/query?query={construct}", {"Accept": "text/turtle"})[1] == "text/turtle"
    update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    assert get(f"{url}/query", {"Content-Type": "application/x-www-form-urlencoded"}, update)[0] == 403
    status, kind, body = get(f"{url}/query?query=SELEC")
    assert status == 400 and "does not parse" in body
    status, kind, body = get(f"{url}/query?query={urllib.parse.quote('DELETE WHERE { ?s ?p ?o }')}")
    assert status == 400 and "DELETE is a SPARQL update: this endpoint only reads" in body
    assert get(f"{url}/query")[0] == 400


def test_kg_query_and_lineage_run_against_the_explorer_endpoint(served, capsys, tmp_path):
    _, url = served
    assert main(["query", "most-cited", "--endpoint", f"{url}/query", "--store", str(tmp_path), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "18-NQ/TW (XII)" in out
    assert main(["lineage", "29-QĐ/TW", "--term", "XII", "--down", "--endpoint", f"{url}/query",
                 "--store", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "status: replaced by 24-QĐ/TW (XIII) on 2021-07-30"


def test_canned_queries_run_with_their_parameters(served):
    _, url = served
    status, kind, body = get(f"{url}/api/canned/replaced-by?doc={urllib.parse.quote('29-QĐ/TW (XII)')}")
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200 and [r["label"]["value"] for r in rows] == ["24-QĐ/TW (XIII)"]
    assert get(f"{url}/api/canned/no-such-query")[0] == 404
    assert get(f"{url}/api/canned/replaced-by?doc={urllib.parse.quote('99-QĐ/TW')}")[0] == 400


def test_a_port_in_use_is_one_line(served):
    store, url = served
    port = url.rsplit(":", 1)[1]
    done = subprocess.run([str(Path(sys.executable).with_name("kg")), "serve", "--store", str(store), "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and f"cannot listen on {HOST}:{port}" in done.stderr


def test_serving_leaves_the_store_as_it_was(tmp_path):
    store = explorer_store(tmp_path)
    before = {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in store.rglob("*") if p.is_file()}
    proc, url = start_explorer(store)
    try:
        assert get(f"{url}/")[0] == 200
        assert get(f"{url}/search?q=26")[0] == 200
    finally:
        stop(proc)
    assert {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in store.rglob("*") if p.is_file()} == before


def test_pages_and_sparql_answer_while_the_index_is_read_and_search_says_it_is_not_ready(served):
    """The explorer over a store whose index is not read yet: pages answer, search says so (503, one line)."""
    from starlette.requests import Request

    import kg
    from kg.serve import create_app

    store_dir, _ = served
    with kg.open_store(store_dir, read_only=True) as store:
        app = create_app(store, background=True)
        ex = app.state.explorer
        ex.indexed.wait(60)
        assert ex.index is not None and len(ex.index) > 500
        ex.index = None  # as it is during the first seconds on a large store
        scope = {"type": "http", "method": "GET", "path": "/api/search", "query_string": b"q=26", "headers": []}
        answer = ex.search_json(Request(scope))
        assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
        assert b"still being read" in answer.body


def test_serving_a_missing_store_is_one_line(tmp_path):
    done = subprocess.run([str(Path(sys.executable).with_name("kg")), "serve", "--store", str(tmp_path / "none"),
                           "--port", "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == "" and done.stderr == (
        f"kg serve: no store in {tmp_path / 'none'} (run kg build first)\n")


def test_what_is_not_an_iri_is_a_404_or_a_400_not_a_crash(served):
    _, url = served
    assert get(f"{url}/doc/eli/a%20b%22c")[0] == 404
    assert get(f"{url}/graph/eli/a%20b%22c")[0] == 404
    assert get(f"{url}/api/neighbours?iri={urllib.parse.quote('not an iri')}")[0] == 400
