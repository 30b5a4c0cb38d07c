"""The synthetic corpus (benchmarks/synth.py): deterministic, extractable, and its planted references found."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import read_manifest, synth  # noqa: E402

N = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth(N, 7, tmp_path_factory.mktemp("synth") / "a")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(corpus: Path, tmp_path: Path) -> None:
    again = synth(N, 7, tmp_path / "b", workers=2)
    assert _files(corpus) == _files(again)
    assert _files(corpus) != _files(synth(N, 8, tmp_path / "c"))


def test_documents_look_like_the_corpus(corpus: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    assert len(texts) == N
    assert all("ĐẢNG CỘNG SẢN VIỆT NAM" in t and "Nơi nhận:" in t and "\nSố " in t for t in texts)
    assert 8_000 < sum(len(t.encode()) for t in texts) / N < 30_000
    assert any("SAO Y" in t for t in texts)


def test_every_document_extracts_and_planted_symbols_are_found(corpus: Path) -> None:
    _planted_symbols_are_found(corpus)


def test_a_dense_corpus_names_each_cited_document_more_often_and_is_read_as_well(corpus: Path, tmp_path: Path) -> None:
    dense = synth(N, 7, tmp_path / "dense", mentions=6)
    def references(folder: Path) -> int:
        return sum(len(kg.extract_file(folder / e["file"]).references) for e in read_manifest(folder))
    # 34 a document at 2,000 documents, as dense as the real ones (31); the first documents have less to cite
    assert references(dense) >= 4 * references(corpus)
    _planted_symbols_are_found(dense)


def _planted_symbols_are_found(corpus: Path) -> None:
    manifest = read_manifest(corpus)
    found = total = 0
    missed: list[tuple[str, str]] = []
    for entry in manifest:
        result = kg.extract_file(corpus / entry["file"])
        assert result.errors == [], (entry["file"], result.errors)
        assert result.document.symbol == entry["symbol"]
        got = Counter(r.symbol for r in result.references if r.symbol)
        for symbol, count in Counter(p["symbol"] for p in entry["planted"] if p["tier"] == "A").items():
            found += min(count, got[symbol])
            total += count
            if got[symbol] < count:
                missed.append((entry["file"], symbol))
    assert total >= N  # the first documents have little to cite
    assert found / total >= 0.95, missed


def test_benchmark_quick_runs_end_to_end(tmp_path: Path) -> None:
    """``benchmarks/run.py`` on 100 documents: every figure measured, in-memory side included, within a minute."""
    import json
    import subprocess
    import time

    start = time.monotonic()
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "100", "--workdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert time.monotonic() - start < 60
    result = json.loads((tmp_path / "results.json").read_text())["results"][0]
    assert result["extract"]["failed"] == 0 and result["build"]["failed"] == 0
    assert result["build"]["documents"] >= 100 and result["build"]["quads"] > 0
    assert 0 < result["build"]["peak_pss_mb"] <= result["build"]["peak_rss_mb"]  # sampled: shared pages once
    assert result["oxigraph"]["lineage_max_depth"] == 5 and result["oxigraph"]["paths_found"] >= 1
    assert result["inmemory"]["lineage_paths"] == result["oxigraph"]["lineage_paths"]
    assert result["inmemory"]["most_cited_rows"] == result["oxigraph"]["most_cited_rows"]
    assert set(result["ratio"]) == {"load_vs_build", "most_cited", "lineage", "paths"}
    assert (tmp_path / "view-500.html").exists()
    assert result["oxigraph"]["most_cited_top_rows"] == min(100, result["oxigraph"]["most_cited_rows"])
    assert "most-cited ms" in proc.stdout


def test_the_query_benchmark_times_every_canned_query_on_a_store(corpus_graph: Path, capsys) -> None:
    """``benchmarks/queries.py``: a line per canned query (time and csv lines, or why it was skipped)."""
    from benchmarks.queries import LEFT_OUT, main
    from kg.query.sparql import QUERIES_DIR

    main(["--store", str(corpus_graph)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("store ") and "?doc = https://" in lines[0]
    timed = {line.split()[0]: line for line in lines[1:]}
    assert set(timed) == {p.stem for p in QUERIES_DIR.glob("*.rq")} - set(LEFT_OUT)
    assert all(line.endswith("csv lines") for line in timed.values())  # each ran: none needs more than ?doc
    assert int(timed["most-cited"].split()[-3].replace(",", "")) > 10
