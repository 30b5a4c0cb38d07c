"""kg.store: named graphs replaced in one transaction, the manifest, the base guard, rdflib views."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from kg.store import ManifestEntry, StoreError, graph_digest, nt_lines, open_store

EX = "https://example.org/kg/"


def _lines(*objects: str) -> list[str]:
    return nt_lines([(URIRef(EX + "s"), URIRef(EX + "p"), Literal(o, lang="vi")) for o in objects])


def test_replace_graph_swaps_its_triples_and_records_the_manifest(tmp_path: Path):
    with open_store(tmp_path / "s", EX) as store:
        g = str(store.iris.file("a" * 64))
        lines = _lines("Nghị quyết", "Kết luận")
        store.replace_graph(g, lines, graph_digest(lines), entries=[ManifestEntry("x.txt", "a" * 64, g, "v1")])
        new = _lines("Chỉ thị")
        store.replace_graph(g, new, graph_digest(new), entries=[ManifestEntry("x.txt", "a" * 64, g, "v2")])
        assert store.graph_lines(g) == new
        assert store.manifest() == {"x.txt": ManifestEntry("x.txt", "a" * 64, g, "v2")}
        assert store.digests()[g] == graph_digest(new)
        assert len(store) == 1 and URIRef(store.manifest_graph) not in store.content_graphs()
    with open_store(tmp_path / "s") as store:  # on disk: reopened without a base, same content
        assert store.base == EX and store.graph_lines(g) == new


def test_quad_count_counts_each_graphs_triples_and_leaves_the_manifest_out(tmp_path: Path):
    with open_store(tmp_path / "s", EX) as store:
        a, b = str(store.iris.file("a" * 64)), str(store.iris.file("c" * 64))
        for g, lines in ((a, _lines("một", "hai")), (b, _lines("hai", "ba", "bốn"))):
            store.replace_graph(g, lines, graph_digest(lines), entries=[ManifestEntry(g[-3:], "a" * 64, g, "v")])
        assert store.quad_count() == 5  # "hai" stated by both graphs counts twice
        assert len(store) == 4  # distinct triples of the union


def test_a_graph_too_big_for_one_transaction_is_bulk_loaded_with_the_same_result(tmp_path: Path, monkeypatch):
    import kg.store

    monkeypatch.setattr(kg.store, "BULK_LINES", 2)
    with open_store(tmp_path / "s", EX) as store:
        g = str(store.iris.file("d" * 64))
        old, new = _lines("một", "hai", "ba"), _lines("bốn", "năm", "sáu", "bảy")
        store.replace_graph(g, old, graph_digest(old))
        store.replace_graph(g, new, graph_digest(new), entries=[ManifestEntry("d.txt", "d" * 64, g, "v")])
        assert store.graph_lines(g) == new and store.digests()[g] == graph_digest(new)
        assert store.manifest() == {"d.txt": ManifestEntry("d.txt", "d" * 64, g, "v")}
        with pytest.raises(SyntaxError):
            store.replace_graph(g, old + ["<not closed"], "x")
        assert store.graph_lines(g) == new  # checked before the drop


def test_a_failing_update_writes_nothing(tmp_path: Path):
    with open_store(None, EX) as store:
        g = str(store.iris.file("b" * 64))
        good = _lines("một")
        store.replace_graph(g, good, graph_digest(good))
        with pytest.raises(SyntaxError):
            store.replace_graph(g, good + ["<not closed"], "x")
        assert store.graph_lines(g) == good  # the drop did not happen without the insert


def test_a_store_keeps_its_base_and_its_lock(tmp_path: Path):
    open_store(tmp_path / "s", EX).close()
    with pytest.raises(StoreError, match="built under base"):
        open_store(tmp_path / "s", "https://other.example/")
    with open_store(tmp_path / "s"):
        with pytest.raises(StoreError, match="another kg process"):
            open_store(tmp_path / "s")


def test_query_is_rdflib_and_binds_variables(tmp_path: Path):
    with open_store(None, EX) as store:
        lines = _lines("Nghị quyết")
        store.replace_graph(str(store.iris.file("c" * 64)), lines, graph_digest(lines))
        rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o }", s=URIRef(EX + "s")))
        assert rows[0][0] == Literal("Nghị quyết", lang="vi")
        assert not list(store.query("SELECT ?o WHERE { ?s ?p ?o }", s=URIRef(EX + "nothing")))
        assert isinstance(store.graph(), Dataset)
        assert (URIRef(EX + "s"), URIRef(EX + "p"), Literal("Nghị quyết", lang="vi")) in store.graph()


def test_remove_graphs_forgets_their_manifest_entries():
    with open_store(None, EX) as store:
        g = str(store.iris.file("d" * 64))
        lines = _lines("x")
        store.replace_graph(g, lines, graph_digest(lines), entries=[ManifestEntry("d.txt", "d" * 64, g, "v")])
        store.remove_graphs([g], forget=["d.txt"])
        assert store.manifest() == {} and store.content_graphs() == [] and g not in store.digests()


def test_replace_graphs_writes_triples_digests_and_entries(tmp_path: Path):
    from kg.store import NewGraph

    with open_store(tmp_path / "s", EX) as store:
        a, b = str(store.iris.file("c" * 64)), str(store.iris.file("d" * 64))
        la, lb = _lines("một", "hai"), _lines("ba")
        store.replace_graphs([NewGraph(a, la, graph_digest(la), (ManifestEntry("a.txt", "c" * 64, a, "v1"),)),
                               NewGraph(b, lb, graph_digest(lb), (ManifestEntry("b.txt", "d" * 64, b, "v1"),))])
        assert store.graph_lines(a) == la and store.graph_lines(b) == lb
        assert store.digests() == {a: graph_digest(la), b: graph_digest(lb)}
        assert sorted(store.manifest()) == ["a.txt", "b.txt"]
        c = str(store.iris.file("e" * 64))  # b.txt changed: its new graph takes the place of the old one
        lc = _lines("bốn")
        store.replace_graphs([NewGraph(a, lb, graph_digest(lb), (ManifestEntry("a.txt", "c" * 64, a, "v2"),)),
                              NewGraph(c, lc, graph_digest(lc), (ManifestEntry("b.txt", "e" * 64, c, "v2"),), drop=[b])])
        assert store.graph_lines(a) == lb and store.graph_lines(c) == lc and URIRef(b) not in store.content_graphs()
        assert store.digests() == {a: graph_digest(lb), c: graph_digest(lc)}
        assert {p: e.graph for p, e in store.manifest().items()} == {"a.txt": a, "b.txt": c}


def test_graph_digest_is_the_sha256_of_the_lines_each_ended_by_a_newline():
    import hashlib

    assert graph_digest([]) == hashlib.sha256(b"").hexdigest()
    lines = _lines("một", "Đảng")
    assert graph_digest(lines) == hashlib.sha256("".join(line + "\n" for line in lines).encode("utf-8")).hexdigest()


def _folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: relative path → (size, modification time in ns)."""
    return {str(f.relative_to(folder)): (f.stat().st_size, f.stat().st_mtime_ns) for f in folder.rglob("*")}


def test_reading_commands_leave_the_store_byte_for_byte_as_it_was(tmp_path: Path, capsys):
    from graph_data import copy_corpus
    from kg.cli import main

    corpus = copy_corpus(tmp_path / "corpus")
    store = str(tmp_path / "store")
    assert main(["build", str(corpus), "--store", store, "--no-progress", "-j", "1"]) == 0
    before = _folder_state(tmp_path / "store")
    commands = [["query", name] for name in ("most-cited", "documents", "unresolved", "conflicts", "stated-links",
                                              "copies", "co-citation", "amendments", "footnote-only", "most-cited-live")]
    commands += [["query", name, "--param", "doc=26-NQ/TW (XII)"] for name in ("evidence", "implements", "cited-by")]
    commands += [["query", name, "--param", "doc=09-KL/BTCTW"] for name in ("cites", "lineage-up")]
    commands += [["query", "lineage-down", "--param", "doc=18-NQ/TW (XII)"],
                 ["query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
                 ["lineage", "09-KL/BTCTW"], ["lineage", "26-NQ/TW", "--term", "XII", "--down"], ["check"],
                 ["export", "-o", str(tmp_path / "g.ttl")], ["view", "-o", str(tmp_path / "g.html")]]
    for args in commands:
        assert main([*args, "--store", store]) == 0, args
    capsys.readouterr()
    assert _folder_state(tmp_path / "store") == before


def test_a_store_opened_read_only_refuses_to_be_created_or_written(tmp_path: Path):
    with pytest.raises(StoreError, match="no store in"):
        open_store(tmp_path / "none", read_only=True)
    assert not (tmp_path / "none").exists()
    with open_store(tmp_path / "s", EX) as store:
        g = str(store.iris.file("a" * 64))
        lines = _lines("Nghị quyết")
        store.replace_graph(g, lines, graph_digest(lines), entries=[ManifestEntry("x.txt", "a" * 64, g, "v1")])
    with open_store(tmp_path / "s", read_only=True) as reader, open_store(tmp_path / "s", read_only=True) as other:
        assert reader.graph_lines(g) == other.graph_lines(g) == lines  # readers do not lock each other out
        with pytest.raises(StoreError, match="read-only"):
            reader.replace_graph(g, _lines("Kết luận"), "x", entries=[])


def test_both_stores_meet_the_store_protocol_and_open_by_scheme(tmp_path, monkeypatch):
    from kg.remote import RemoteStore
    from kg.store import STORES, GraphStore, StoreError, open_store, register_store

    with open_store(tmp_path / "s") as s:
        assert isinstance(s, GraphStore)
    assert all(hasattr(RemoteStore, name) for name in ("query", "manifest", "replace_graphs", "export", "close"))
    assert STORES["http"] == STORES["https"] == "kg.remote:RemoteStore"
    register_store("memory", "kg.store:Store")
    monkeypatch.chdir(tmp_path)  # Store("memory://x") is a folder memory:/x where the test runs
    try:
        with open_store("memory://x") as s:  # a registered scheme opens its class with (location, base)
            assert isinstance(s, GraphStore) and s.location is not None
    finally:
        del STORES["memory"]
    with pytest.raises(StoreError, match=r"no store is registered for ftp:// locations"):
        open_store("ftp://example.org/kg")
    assert not (tmp_path / "ftp:").exists()
