"""The extraction cache: each file's extraction by (extractor version, sha256), on disk under the store or in memory;
and beside it, what each file's last resolution read of the catalog (``ResolutionCache``).

The version is the package's release and a digest of the code and rules that decide an extraction, so a changed
reader or rule re-extracts every file while an unchanged one costs a hash per file.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.graph.summary import GraphFacts
from kg.model import Extraction
from kg.resolve.reads import Question
from kg.store import GraphStore

__all__ = ["ExtractionCache", "Location", "Resolution", "ResolutionCache", "extractor_version", "file_sha256", "file_size",
           "graph_version"]

_VERSIONED = ("model.py", "api.py", "read", "extract", "rules")  # what decides an extraction's result
_GRAPH_CODE = ("resolve", "graph", "builder")  # what turns an extraction into its graph


@cache
def extractor_version() -> str:
    """The package version and a digest of the reading/extraction code and rules: another version re-extracts."""
    return f"{_release()}+{_digest(_VERSIONED)}"


@cache
def graph_version() -> str:
    """The extractor's version and a digest of the code that resolves an extraction and writes its graph: a build
    whose graph code is another than the last build's writes its graphs anew (the extractions stay cached)."""
    return f"{extractor_version()}+{_digest(_GRAPH_CODE)}"


def _release() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("party-kg")
    except PackageNotFoundError:
        return "0"


def _digest(names: tuple[str, ...]) -> str:
    """12 hex digits of the code and rule files under ``kg/`` that ``names`` name (files or folders)."""
    root = Path(__file__).resolve().parent.parent  # kg/
    h = hashlib.sha256()
    for name in names:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.suffix in {".py", ".json", ".csv", ".yaml"}) if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(root)).encode("utf-8"))
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


LAST_BUILD = "last-build.json"  # beside the cached extractions: the inputs of the last complete build


class ExtractionCache:
    """Extractions by (extractor version, sha256): on disk under the store, or in memory."""

    def __init__(self, store: GraphStore, version: str) -> None:
        folder = store.cache_dir
        self.folder = folder / version if folder else None
        self.root = folder
        self._memory: dict[str, Extraction] = store.memory_cache.setdefault(version, {})

    def get(self, sha256: str) -> Extraction | None:
        """The cached extraction of these bytes, or None."""
        if self.folder is None:
            return self._memory.get(sha256)
        try:
            return Extraction.from_dict(json.loads((self.folder / f"{sha256}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def has(self, sha256: str) -> bool:
        """Whether an extraction of these bytes is cached (without reading it)."""
        if self.folder is None:
            return sha256 in self._memory
        return (self.folder / f"{sha256}.json").is_file()

    def put(self, e: Extraction) -> None:
        """Cache a successful extraction (written through a temporary file and a rename; safe from worker processes)."""
        if not e.sha256:
            return
        if self.folder is None:
            self._memory[e.sha256] = e
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{e.sha256}.json"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(e.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def last_build(self) -> dict | None:
        """What the last complete build with this extractor recorded (``remember_build``), or None."""
        if self.folder is None:
            return None
        try:
            record = json.loads((self.folder / LAST_BUILD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) else None

    def remember_build(self, record: dict | None) -> None:
        """Record a complete build (its inputs' key and its counts), or forget the last one (None) before a build
        starts to change the store: a build killed half way then leaves no record that could vouch for it."""
        if self.folder is None:
            return
        path = self.folder / LAST_BUILD
        if record is None:
            path.unlink(missing_ok=True)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)

    @property
    def on_disk(self) -> bool:
        """Whether extractions live in files (workers can write them) rather than in this process's memory."""
        return self.folder is not None

    def drop_other_versions(self) -> None:
        """Remove caches written by other extractor versions."""
        if self.root is None or not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder:
                shutil.rmtree(child, ignore_errors=True)


@dataclass(frozen=True)
class Resolution:
    """What a file's last resolution asked of the catalog (``kg.resolve.reads``), and the graph it gave."""

    questions: list[Question]
    reads: str  # the digest of the answers
    graph_digest: str
    facts: GraphFacts
    counts: tuple[int, int, int]  # references, resolved mentions, unresolved mentions

    def to_json(self) -> dict:
        return {"questions": [[name, list(args)] for name, args in self.questions], "reads": self.reads,
                "graph_digest": self.graph_digest, "facts": self.facts.to_json(), "counts": list(self.counts)}

    @classmethod
    def from_json(cls, data: dict) -> Resolution:
        return cls([(name, tuple(args)) for name, args in data["questions"]], data["reads"], data["graph_digest"],
                   GraphFacts.from_json(data["facts"]), tuple(data["counts"]))


Location = tuple[str, int, int]  # a record's shard file name, offset and length


class ResolutionCache:
    """Each file's last ``Resolution`` for one graph code, IRI base and catalog graph (``context``), under the
    extraction cache's folder: a rebuild keeps the graph of a file whose questions get the same answers.

    Records are appended, a chunk at a time, to a shard file of the worker's own (one file operation a chunk; a file
    each cost as much as resolving it); a kept file's record stays where it is. The writer gathers where each file's
    record is and writes the index at the end of a build (``save``), which first moves the live records of shards
    that are mostly dead into one new shard, then removes the shards it no longer names. A build that dies before
    that leaves the last index and its shards as they were. On disk only (a store in memory has no cache folder).
    """

    INDEX = "index.json"

    def __init__(self, cache: ExtractionCache, base: str, catalog_digest: str) -> None:
        context = hashlib.blake2b(f"{base}\x00{catalog_digest}".encode(), digest_size=8).hexdigest()
        self.root = cache.folder / "resolutions" if cache.folder else None
        self.folder = self.root / f"{_digest(_GRAPH_CODE)}-{context}" if self.root else None
        self.build = os.urandom(6).hex()  # this build's shards are new files: the last build's stay readable
        self.index: dict[str, Location] = self._read_index()

    @staticmethod
    def key(source: str, sha256: str) -> str:
        return hashlib.blake2b(f"{source}\x00{sha256}".encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()

    def where(self, source: str, sha256: str) -> Location | None:
        """Where the last build's record of this file is (None if it has none)."""
        return self.index.get(self.key(source, sha256))

    def record(self, where: Location | None) -> bytes | None:
        """A record as it was written (None for no place, or one that cannot be read)."""
        if where is None or self.folder is None:
            return None
        name, offset, length = where
        try:
            with open(self.folder / name, "rb") as f:
                f.seek(offset)
                data = f.read(length)
        except OSError:
            return None
        return data if len(data) == length else None

    @staticmethod
    def read(data: bytes) -> Resolution | None:
        try:
            return Resolution.from_json(json.loads(data))
        except (ValueError, TypeError, KeyError):
            return None

    @staticmethod
    def dump(resolution: Resolution) -> bytes | None:
        """A record's bytes (one line); None if its questions hold what JSON cannot (resolved again next time)."""
        try:
            return json.dumps(resolution.to_json(), ensure_ascii=False).encode("utf-8") + b"\n"
        except (TypeError, ValueError):
            return None

    def append(self, records: list[bytes | None]) -> list[Location | None]:
        """Append records to this process's shard of this build (in a worker); where each landed."""
        if self.folder is None:
            return [None] * len(records)
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{self.build}-{os.getpid()}.jsonl"
        out: list[Location | None] = []
        with open(self.folder / name, "ab") as f:
            offset = f.tell()
            for data in records:
                if data is None:
                    out.append(None)
                    continue
                f.write(data)
                out.append((name, offset, len(data)))
                offset += len(data)
        return out

    def save(self, index: dict[str, Location]) -> None:
        """Write the index of this build's records (in the writer, once every graph is in), then remove the shards
        it does not name and the folders of other contexts."""
        if self.folder is None or self.root is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self._compact(index)
        tmp = self.folder / f".{self.INDEX}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.folder / self.INDEX)
        named = {name for name, _, _ in index.values()}
        for child in self.folder.iterdir():
            if child.suffix == ".jsonl" and child.name not in named:
                child.unlink(missing_ok=True)
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder:
                shutil.rmtree(child, ignore_errors=True)

    def _compact(self, index: dict[str, Location]) -> None:
        """Move the live records of shards more than half dead (files resolved again since) into one new shard, so
        the records on disk stay within twice the live ones; a record that cannot be read leaves the index."""
        live: dict[str, int] = {}
        for name, _, length in index.values():
            live[name] = live.get(name, 0) + length
        assert self.folder is not None
        sparse = {name for name, size in live.items() if 2 * size < file_size(self.folder / name)}
        moving = [(key, where) for key, where in index.items() if where[0] in sparse]
        if not moving:
            return
        shards = {name: self._shard(name) for name in sparse}  # each read once, not once a record
        records = [None if (data := shards[name]) is None or offset + length > len(data) else
                   data[offset:offset + length] for _, (name, offset, length) in moving]
        for (key, _), where in zip(moving, self.append(records)):
            if where is None:
                del index[key]
            else:
                index[key] = where

    def _shard(self, name: str) -> bytes | None:
        assert self.folder is not None
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def _read_index(self) -> dict[str, Location]:
        if self.folder is None:
            return {}
        try:
            data = json.loads((self.folder / self.INDEX).read_text(encoding="utf-8"))
            return {k: (str(v[0]), int(v[1]), int(v[2])) for k, v in data.items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return {}


def file_size(path: Path) -> int:
    """The file's size in bytes; 0 when it cannot be read (gone, or a dangling link)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
