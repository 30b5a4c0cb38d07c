"""kg build with extraction in worker processes: the same graph and manifest whatever --jobs, bad files one line each."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.builder import POOL_MIN_FILES, build
from kg.store import open_store

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def _copies(dest: Path, times: int) -> Path:
    """The corpus ``times`` over, each copy made unique by a last line naming it."""
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(times):
        for f in sorted(CORPUS.glob("*.txt")):
            (dest / f"{f.stem}_{i:03d}.txt").write_bytes(f.read_bytes() + f"\n\nbản sao {i}\n".encode())
    return dest


def _built(corpus: Path, store_dir: Path, jobs: int) -> tuple[bytes, dict, object, str]:
    err = io.StringIO()
    with open_store(store_dir) as store:
        report = build([corpus], store, jobs=jobs, progress=False, err=err)
        return store.export_bytes("nquads"), store.manifest(), report, err.getvalue()


def test_the_graph_and_manifest_do_not_depend_on_jobs(tmp_path: Path):
    corpus = _copies(tmp_path / "corpus", 3)
    (corpus / "zz_empty.txt").write_bytes(b"")
    (corpus / "aa_binary.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    assert len(list(corpus.iterdir())) >= POOL_MIN_FILES  # enough files for the worker pool to be used
    one = _built(corpus, tmp_path / "one", jobs=1)
    two = _built(corpus, tmp_path / "two", jobs=2)
    assert one[0] == two[0]  # byte-identical sorted N-Quads: the same graphs
    assert one[1] == two[1]
    assert one[2].extracted == two[2].extracted == 12
    assert one[2].failed == two[2].failed and len(one[2].failed) == 2
    assert one[3] == two[3] and len(one[3].splitlines()) == 2  # one stderr line per bad file, same order


def test_a_parallel_rebuild_uses_the_cache_and_changes_nothing(tmp_path: Path):
    corpus = _copies(tmp_path / "corpus", 3)
    first = _built(corpus, tmp_path / "store", jobs=2)
    again = _built(corpus, tmp_path / "store", jobs=2)
    assert again[2].extracted == 0 and again[2].cached == 12 and again[2].replaced == []
    assert first[0] == again[0]


def test_cli_build_takes_jobs(tmp_path: Path, capsys):
    corpus = _copies(tmp_path / "corpus", 2)
    shutil.copy(CORPUS / sorted(p.name for p in CORPUS.glob("*.txt"))[0], corpus / "plain.txt")
    assert main(["build", str(corpus), "--store", str(tmp_path / "store"), "--jobs", "2", "--no-progress"]) == 0
    assert "9 inputs, 9 extracted" in capsys.readouterr().err


def test_the_progress_bar_shows_files_and_megabytes_per_second(tmp_path: Path, monkeypatch):
    import functools

    import kg.builder.stages

    monkeypatch.setattr(kg.builder.stages, "tqdm", functools.partial(kg.builder.stages.tqdm, mininterval=0))  # draw every step
    corpus = _copies(tmp_path / "corpus", 3)
    err = io.StringIO()
    with open_store(tmp_path / "store") as store:
        build([corpus], store, jobs=2, progress=True, err=err)
    shown = err.getvalue()
    assert "file/s" in shown and "MB/s" in shown


def test_a_first_build_bulk_loaded_equals_one_written_graph_by_graph(tmp_path: Path):
    corpus = _copies(tmp_path / "corpus", 3)
    first = _built(corpus, tmp_path / "fresh", jobs=2)  # empty store: graphs bulk-loaded
    seeded = tmp_path / "seeded"
    _built(corpus / sorted(p.name for p in corpus.iterdir())[0], seeded, jobs=1)  # one graph in: not a first build
    later = _built(corpus, seeded, jobs=2)
    assert later[2].added and len(later[2].added) == 11
    assert first[0] == later[0] and first[1] == later[1]


def test_a_failing_bulk_load_in_the_loading_thread_fails_the_build(tmp_path: Path, monkeypatch):
    """Batches load in a background thread; an error there must reach the caller, not vanish with the thread."""
    from kg.store import Store

    def refuse(self, graphs):
        raise OSError("No space left on device")

    corpus = _copies(tmp_path / "corpus", 3)
    with open_store(tmp_path / "store") as store:
        build([sorted(corpus.iterdir())[0]], store, jobs=1, progress=False, err=io.StringIO())  # not a first build now
        monkeypatch.setattr(Store, "replace_graphs", refuse)
        with pytest.raises(OSError, match="No space left"):
            build([corpus], store, jobs=1, progress=False, err=io.StringIO())


def test_a_first_build_loads_its_graphs_in_one_go_and_leaves_no_spool(tmp_path: Path, monkeypatch):
    from kg.store import Store

    loads = []
    monkeypatch.setattr(Store, "replace_graphs", lambda self, graphs: loads.append(len(graphs)))
    corpus = _copies(tmp_path / "corpus", 3)
    first = _built(corpus, tmp_path / "store", jobs=2)
    assert loads == [] and first[2].added and len(first[1]) == 12  # no batches: the workers' spool, then one load
    assert not (tmp_path / "store" / ".new-graphs").exists()


def test_a_spool_left_by_a_killed_build_is_removed_by_the_next_one(tmp_path: Path):
    corpus = _copies(tmp_path / "corpus", 1)
    _built(corpus, tmp_path / "store", jobs=1)
    (tmp_path / "store" / ".new-graphs").mkdir()
    (tmp_path / "store" / ".new-graphs" / "123.nq").write_text("<a> <b> <c> <d> .\n")  # killed before its load
    again = _built(corpus, tmp_path / "store", jobs=1)  # not a first build: no spool of its own
    assert again[2].unchanged == 4 and not (tmp_path / "store" / ".new-graphs").exists()


def test_a_first_build_that_fails_in_a_graph_worker_leaves_the_store_empty_for_the_next(tmp_path: Path, monkeypatch):
    """The workers write a first build's quads themselves: a failure before the load loads none of them (a file may
    end mid-line), and the next build is a first build again, which gives the graph a clean one does."""
    import kg.builder.stages as stages

    real = stages.file_graph
    calls = iter(range(1_000))

    def failing(p, *args, **kwargs):
        if next(calls) == 5:
            raise RuntimeError("a bug in resolution")
        return real(p, *args, **kwargs)

    corpus = _copies(tmp_path / "corpus", 3)
    monkeypatch.setattr(stages, "file_graph", failing)
    with open_store(tmp_path / "store") as store, pytest.raises(RuntimeError, match="a bug in resolution"):
        build([corpus], store, jobs=2, progress=False, err=io.StringIO())
    with open_store(tmp_path / "store") as store:
        assert store.content_graphs() == [] and store.manifest() == {}
    assert not (tmp_path / "store" / ".new-graphs").exists()
    monkeypatch.setattr(stages, "file_graph", real)
    again = _built(corpus, tmp_path / "store", jobs=2)
    assert again[0] == _built(corpus, tmp_path / "clean", jobs=2)[0] and len(again[2].added) == 12
