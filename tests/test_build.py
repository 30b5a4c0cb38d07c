"""kg build on the real corpus: the graph's truth (shapes, identities, gold targets) and the build's
promises (idempotent, incremental, crash-safe, bad files reported, prune only on request)."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

from graph_data import copy_corpus, dataset, same_graphs
from gold_data import all_gold
from kg.builder import build, check_store
from kg.graph.namespaces import ELI, PK
from kg.graph.ontology import ONTOLOGY_FILE
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SHAPES = ROOT / "ontology" / "shapes.ttl"
DOC_001, DOC_003 = "001_efa0bf86d863f830.txt", "003_8eb26c793d131e44.txt"


def _export(location: Path, fmt: str = "nquads") -> bytes:
    with open_store(location) as store:
        return store.export_bytes(fmt)


def _union(data: bytes) -> Graph:
    return Graph().parse(data=data, format="turtle")


def _quads(data: bytes) -> set[str]:
    return set(data.decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """The corpus copied to a temp folder and built once: (corpus dir, store dir, report)."""
    base = tmp_path_factory.mktemp("built")
    corpus = copy_corpus(base / "corpus")
    with open_store(base / "store") as store:
        report = build([corpus], store, progress=False, err=io.StringIO())
    return corpus, base / "store", report


@pytest.fixture(scope="module")
def union(corpus_store) -> Graph:
    return _union(_export(corpus_store[1], "turtle"))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _graph_of(store_dir: Path, name: str) -> str:
    with open_store(store_dir) as store:
        return next(e.graph for p, e in store.manifest().items() if p.endswith(name))


# ---------------------------------------------------------------- the graph tells the truth

def test_summary_counts_the_corpus(corpus_store):
    report = corpus_store[2]
    assert report.inputs == 4 and len(report.added) == 4 and not report.failed
    assert report.references > 100 and report.resolved + report.unresolved <= report.references
    assert report.quads > 1000 and report.documents > 50
    assert any("quads" in line for line in report.lines())


def test_corpus_graph_validates_against_the_shapes(union: Graph, ontology: Graph):
    pyshacl = pytest.importorskip("pyshacl")
    conforms, _, text = pyshacl.validate(union + ontology, shacl_graph=Graph().parse(SHAPES, format="turtle"),
                                         allow_warnings=True, advanced=True)
    assert conforms, text


def test_every_class_and_property_in_the_corpus_graph_is_declared(union: Graph, ontology: Graph):
    used_props = {p for p in union.predicates() if p != RDF.type}
    used_classes = set(union.objects(None, RDF.type))
    assert {p for p in used_props if not any(ontology.triples((p, RDF.type, None)))} == set()
    assert {c for c in used_classes if (c, RDF.type, OWL.Class) not in ontology} == set()
    concepts = {o for o in union.objects() if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/party-kg/ontology/")}
    assert {c for c in concepts if not any(ontology.triples((c, RDF.type, None)))} == set()


def test_the_two_01_hd_tw_of_003_are_two_nodes(corpus_store):
    graph = _graph_of(corpus_store[1], DOC_003)
    with open_store(corpus_store[1]) as store:
        rows = store.query("SELECT DISTINCT ?d ?scope WHERE { GRAPH ?g { ?own eli:cites ?d } ?d pk:symbol \"01-HD/TW\" ; pk:scope ?scope }",
                           g=URIRef(graph))
        scopes = sorted(str(r[1]) for r in rows)
    assert scopes == ["XII", "XIII"]


def _gold_targets() -> list[tuple[str, dict]]:
    return [(gold["doc"], ref) for gold in all_gold() for ref in gold["references"] if ref.get("resolves_to")]


@pytest.mark.parametrize("doc,ref", _gold_targets(), ids=lambda v: v if isinstance(v, str) else v["key"])
def test_gold_resolves_to_targets_are_reached_as_edges(corpus_store, doc: str, ref: dict):
    type_, register, number = ref["resolves_to"].split("/")
    scope = f'; pk:scope "{ref["term"]}"' if ref.get("term") else ""
    graph = _graph_of(corpus_store[1], doc)
    with open_store(corpus_store[1]) as store:
        rows = list(store.query(
            f'SELECT ?d WHERE {{ GRAPH ?g {{ ?file foaf:primaryTopic ?own . ?own eli:cites ?d }} '
            f'?d eli:number "{int(number)}" ; pk:register "{register}" {scope} ; eli:type_document ?t . '
            f'FILTER(STRENDS(STR(?t), "/{type_}")) }}', g=URIRef(graph)))
    assert rows, f"{doc}: {ref['key']} does not reach {ref['resolves_to']}"


def test_a_planned_amendment_yields_no_amends_edge(corpus_store):
    """001: 'Tham mưu sửa đổi, bổ sung Quyết định số 244-QĐ/TW' announces work, not a change made."""
    with open_store(corpus_store[1]) as store:
        edges = {str(r[0]) for r in store.query(
            'SELECT ?p WHERE { ?own ?p ?d . ?d pk:symbol "244-QĐ/TW" }')}
        planned = list(store.query(
            'SELECT ?c WHERE { ?c cito:hasCitedEntity ?d ; pk:planned true . ?d pk:symbol "244-QĐ/TW" }'))
    assert str(ELI.cites) in edges
    assert not edges & {str(ELI.amends), str(ELI.changes), str(ELI.repeals)}
    assert planned


def test_kg_check_lists_the_corpus_oddities(corpus_store):
    with open_store(corpus_store[1]) as store:
        text = "\n".join(check_store(store))
    assert "2499-CV/BTCTW" in text or "dang/BTCTW/XII/CV/2499" in text
    assert "unresolved" in text


# ---------------------------------------------------------------- the build keeps its promises

def test_building_twice_is_idempotent(corpus_store, tmp_path: Path):
    corpus, store_dir, _ = corpus_store
    first = _export(store_dir)
    with open_store(store_dir) as store:
        again = build([corpus], store, progress=False, err=io.StringIO())
    assert again.replaced == [] and again.unchanged == 4 and again.extracted == 0 and again.cached == 4
    second = _export(store_dir)
    assert _quads(first) == _quads(second)
    with open_store(tmp_path / "fresh") as store:  # a clean build elsewhere gives the same graphs
        build([corpus], store, progress=False, err=io.StringIO())
    assert same_graphs(first, _export(tmp_path / "fresh"))


def test_changing_one_file_replaces_only_its_graph(tmp_path: Path):
    corpus = copy_corpus(tmp_path / "corpus")
    store_dir = tmp_path / "store"
    with open_store(store_dir) as store:
        build([corpus], store, progress=False, err=io.StringIO())
        before = {str(g): store.graph_lines(g) for g in store.content_graphs()}
        old_graph = store.manifest()[str(corpus / DOC_003)].graph
    with open(corpus / DOC_003, "a", encoding="utf-8") as f:
        f.write("\nGhi chú thêm của người sao.\n")
    with open_store(store_dir) as store:
        report = build([corpus], store, progress=False, err=io.StringIO())
        after = {str(g): store.graph_lines(g) for g in store.content_graphs()}
        new_graph = store.manifest()[str(corpus / DOC_003)].graph
    assert report.changed == [str(corpus / DOC_003)] and report.extracted == 1 and report.cached == 3
    assert report.added == [] and report.unchanged + len(report.reresolved) == 3
    assert "1 changed" in "\n".join(report.lines())
    assert old_graph not in after and new_graph in after
    with open_store(store_dir) as store:
        reresolved = {store.manifest()[p].graph for p in report.reresolved}
    summary = str(store.iris.graph("summary"))  # what every graph says, aggregated: it follows the changed one
    for graph, lines in before.items():
        if graph not in (old_graph, new_graph, summary) and graph not in reresolved:
            assert after[graph] == lines, f"{graph} changed but was not reported"


def _kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT, timeout=300)


# Kills the build (SIGKILL) once two file graphs have landed, each in its own batch (no spool): a crash
# injected from the test, so that the build itself carries no hook for it.
_KILLED_AFTER_TWO = """
import os, signal, sys
import kg.builder as b
from kg.store import Store
Store.spool_path = lambda self: None
b.BULK_QUADS = 1
write, landed = b.write_graph, []
def crashing(fg, *rest):
    wrote = write(fg, *rest)
    if wrote:
        landed.append(fg)
        if len(landed) == 2:
            loader = rest[-2]
            loader.flush(); loader.store.flush(); os.kill(os.getpid(), signal.SIGKILL)
    return wrote
b.write_graph = crashing
from kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_killed_midway_completes_on_the_next_run(tmp_path: Path, corpus_store):
    corpus = corpus_store[0]
    killed = subprocess.run([sys.executable, "-c", _KILLED_AFTER_TWO, "build", str(corpus), "--store",
                             str(tmp_path / "store"), "--no-progress"], capture_output=True, text=True, cwd=ROOT,
                            timeout=300)
    assert killed.returncode == -9, killed.stderr
    with open_store(tmp_path / "store") as store:
        assert len(store.manifest()) == 2  # two graphs landed, each with its manifest entry
    rerun = _kg("build", str(corpus), "--store", str(tmp_path / "store"), "--no-progress")
    assert rerun.returncode == 0, rerun.stderr
    assert "2 added" in rerun.stderr and "2 unchanged" in rerun.stderr
    assert same_graphs(_export(tmp_path / "store"), _export(corpus_store[1]))


def test_bad_files_are_reported_and_the_rest_is_built(tmp_path: Path):
    corpus = copy_corpus(tmp_path / "corpus")
    (corpus / "empty.txt").write_bytes(b"")
    result = _kg("build", str(corpus), "--store", str(tmp_path / "store"), "--no-progress")
    assert result.returncode == 1
    bad = [line for line in result.stderr.splitlines() if line.startswith(str(corpus / "empty.txt"))]
    assert len(bad) == 1
    assert "4 added" in result.stderr and "1 failed" in result.stderr


def test_files_gone_from_the_inputs_are_removed_only_with_prune(tmp_path: Path):
    corpus = copy_corpus(tmp_path / "corpus")
    with open_store(tmp_path / "store") as store:
        build([corpus], store, progress=False, err=io.StringIO())
        gone = store.manifest()[str(corpus / DOC_001)].graph
        keep = build([corpus / DOC_003], store, progress=False, err=io.StringIO())
        assert len(keep.kept) == 3 and URIRef(gone) in store.content_graphs()
        assert "3 files in the store are not among the inputs (kept; --prune removes them)" in keep.lines()
        one = build([corpus / DOC_003, corpus / DOC_001, corpus / "000_b04f6456e29f2afd.txt"], store, progress=False,
                    err=io.StringIO())
        assert "1 file in the store is not among the inputs (kept; --prune removes them)" in one.lines()
        pruned = build([corpus / DOC_003], store, prune=True, progress=False, err=io.StringIO())
        assert len(pruned.pruned) == 3 and URIRef(gone) not in store.content_graphs()
        assert list(store.manifest()) == [str(corpus / DOC_003)]


def test_export_formats_parse_back(corpus_store):
    store_dir = corpus_store[1]
    union = _union(_export(store_dir, "turtle"))
    ds = dataset(_export(store_dir, "nquads"))
    trig = Dataset().parse(data=_export(store_dir, "trig"), format="trig")
    jsonld = Dataset().parse(data=_export(store_dir, "jsonld"), format="json-ld")
    assert len(union) > 1000
    assert {g.identifier for g in ds.graphs()} - {ds.default_graph.identifier} == \
           {g.identifier for g in trig.graphs()} - {trig.default_graph.identifier}
    assert len(jsonld) == len(ds)
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert any(g.endswith("/graph/catalog") for g in graphs) and not any(g.endswith("/graph/manifest") for g in graphs)


def test_the_union_is_each_triple_once_and_exactly_the_triples_of_the_graphs(corpus_store):
    """turtle and ntriples give the union: every triple of every graph, once (written a graph at a time)."""
    store_dir = corpus_store[1]
    lines = _export(store_dir, "ntriples").decode("utf-8").splitlines()
    triples = {line.rsplit(" ", 2)[0] + " ." for line in _quads(_export(store_dir, "nquads"))}  # the graph left out
    assert len(lines) == len(set(lines)) and set(lines) == triples
    assert len(triples) < len(_quads(_export(store_dir, "nquads")))  # some triples stand in several graphs
    assert set(_union(_export(store_dir, "turtle"))) == set(Graph().parse(data="\n".join(lines), format="nt"))


def test_cli_export_and_check(corpus_store, tmp_path: Path):
    out = tmp_path / "corpus.ttl"
    result = _kg("export", "--store", str(corpus_store[1]), "--format", "turtle", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (None, RDF.type, PK.Document) in Graph().parse(out, format="turtle")
    checked = _kg("check", "--store", str(corpus_store[1]))
    assert checked.returncode == 0 and "unresolved" in checked.stdout
    missing = _kg("export", "--store", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "kg build" in missing.stderr


def test_kg_build_stays_the_function_after_every_submodule_is_imported(tmp_path):
    """Regression: a submodule named kg/build.py replaced the function kg.build once it was imported."""
    import importlib
    import pkgutil

    import kg

    for info in pkgutil.walk_packages(kg.__path__, "kg."):
        importlib.import_module(info.name)
    assert callable(kg.build)
    report = kg.build([CORPUS / "004_2160fbdf228d37d6.txt"], tmp_path / "store", progress=False)
    assert report is not None


def test_a_rebuild_with_nothing_changed_writes_nothing_and_reports_the_same(tmp_path):
    """Same inputs, same catalog, same extractor: the store is not written (its graphs' digests and its quads stay)
    and the report gives the same counts; a changed file, or a graph gone from the store, is built again."""
    corpus = copy_corpus(tmp_path / "corpus")
    with open_store(tmp_path / "store") as store:
        first = build([corpus], store, progress=False, err=io.StringIO())
        digests = store.digests()
        again = build([corpus], store, progress=False, err=io.StringIO())
        assert (again.documents, again.references, again.resolved, again.quads) == (
            first.documents, first.references, first.resolved, first.quads)
        assert again.unchanged == 4 and again.replaced == [] and store.digests() == digests
        assert again.lines()[0] == first.lines()[0]

        one = sorted(corpus.glob("*.txt"))[0]
        one.write_text(one.read_text(encoding="utf-8") + "\nThực hiện Nghị quyết số 19-NQ/TW, ngày 25/10/2017.\n",
                       encoding="utf-8")
        changed = build([corpus], store, progress=False, err=io.StringIO())
        assert changed.changed == [str(one)] and changed.references == first.references + 1

        entry = next(iter(store.manifest().values()))
        store.remove_graphs([entry.graph])  # as a build killed between a drop and its load leaves a graph
        build([corpus], store, progress=False, err=io.StringIO())
        assert entry.graph in store.digests()  # written again, not vouched for by the last build's record


def test_a_rebuild_with_nothing_changed_reads_no_cached_extraction(tmp_path):
    """A build that finds nothing to do hashes its inputs and stops: the cached extractions are not read (here they
    are made unreadable, and the build still finds nothing to do). When a file changes, the others' are read again
    (unreadable ones are extracted anew) and the graph is the graph of a fresh build."""
    corpus = copy_corpus(tmp_path / "corpus")
    with open_store(tmp_path / "store") as store:
        first = build([corpus], store, progress=False, err=io.StringIO())
        cached = sorted(store.cache_dir.rglob("*.json"))
        assert len([c for c in cached if not c.name.startswith(".")]) >= 4
        for c in cached:
            c.write_text("{}", encoding="utf-8")
        again = build([corpus], store, progress=False, err=io.StringIO())
        assert again.unchanged == 4 and again.extracted == 0 and again.quads == first.quads

        one = sorted(corpus.glob("*.txt"))[0]
        one.write_text(one.read_text(encoding="utf-8") + "\nThực hiện Nghị quyết số 19-NQ/TW, ngày 25/10/2017.\n",
                       encoding="utf-8")
        changed = build([corpus], store, progress=False, err=io.StringIO())
        assert changed.changed == [str(one)] and changed.references == first.references + 1
    with open_store(tmp_path / "fresh") as fresh:
        build([corpus], fresh, progress=False, err=io.StringIO())
    assert same_graphs(_export(tmp_path / "store"), _export(tmp_path / "fresh"))


def test_a_rebuild_with_other_graph_code_writes_the_graphs_anew(tmp_path, monkeypatch):
    """The no-change rebuild holds only for the same code: a build whose resolver or graph writer is another (an
    upgrade of party-kg that models the graph otherwise) writes every graph again, from the cached extractions."""
    import kg.builder

    corpus = copy_corpus(tmp_path / "corpus")
    with open_store(tmp_path / "store") as store:
        build([corpus], store, progress=False, err=io.StringIO())
        graph = next(iter(store.manifest().values())).graph
        written = store.graph_lines(graph)
        stale = ["<https://example.org/s> <https://example.org/p> \"as an older party-kg wrote it\" ."]
        store.replace_graph(graph, stale, "older")

        build([corpus], store, progress=False, err=io.StringIO())
        assert store.graph_lines(graph) == stale  # same code, same inputs: nothing is written

        monkeypatch.setattr(kg.builder, "graph_version", lambda: "another graph code")
        again = build([corpus], store, progress=False, err=io.StringIO())
        assert sorted(store.graph_lines(graph)) == sorted(written) and again.extracted == 0
