"""Citation lineage: what a document builds on (up), what was built on it (down), paths between two.

A walk is breadth-first, one batch of queries per level, so its cost follows the documents it
reaches, not the store's size. Every edge met within the depth is shown once, as the last step of
one path; a document reached again is not walked again (``LineagePath.repeat``).

    import kg
    with kg.open_store(".kg-store") as store:
        doc = kg.lookup(store, "18-NQ/TW", term="XII")
        for path in kg.lineage(store, doc, direction="down", depth=3, relations={"implements"}):
            print(path)
"""
from __future__ import annotations

import os
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

import networkx as nx

from kg.query.networkx import keep_citation, source_for
from kg.query.records import Citation, DocumentRecord, Evidence, date_text, filters

__all__ = ["DIRECTIONS", "Lineage", "LineagePath", "LineageStep", "TreeNode", "format_tree", "lineage", "paths"]

DIRECTIONS = ("up", "down", "both")
PASSIVE = {"cites": "cited by", "based_on": "basis of", "amends": "amended by", "repeals": "repealed by",
           "replaces": "replaced by", "changes": "changed by", "reviews": "reviewed by",
           "implements": "implemented by", "continues": "continued by", "guides": "guided by",
           "concretizes": "concretized by", "inherits": "inherited by"}


@dataclass(frozen=True)
class LineageStep:
    """One typed step of a walk, from ``source`` to ``target``, with the citations that state it.

    ``up``: source cites target (source builds on target); ``down``: target cites source. Citations
    of the same link by several files are one step; each keeps its own evidence and source file.
    """

    source: DocumentRecord
    target: DocumentRecord
    relation: str
    direction: str
    planned: bool
    citations: tuple[Citation, ...]

    @property
    def citing(self) -> DocumentRecord:
        """The document that cites."""
        return self.source if self.direction == "up" else self.target

    @property
    def cited(self) -> DocumentRecord:
        """The document cited."""
        return self.target if self.direction == "up" else self.source

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Every mention behind the step, in the order of its citations."""
        return tuple(e for c in self.citations for e in c.evidence)

    @property
    def confidence(self) -> float | None:
        """The resolver's best confidence among the step's citations."""
        values = [c.confidence for c in self.citations if c.confidence is not None]
        return max(values) if values else None

    @property
    def verb(self) -> str:
        """``continues`` going up, ``continued by`` going down; ``(planned)`` when it is announced work."""
        verb = self.relation if self.direction == "up" else PASSIVE.get(self.relation, f"{self.relation} (by)")
        return verb + (" (planned)" if self.planned else "")

    def __str__(self) -> str:
        return f"—{self.verb}→ {self.target.name}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: documents by IRI, citations with their evidence."""
        return {"source": self.source.iri, "target": self.target.iri, "relation": self.relation,
                "direction": self.direction, "planned": self.planned, "citations": [c.to_dict() for c in self.citations]}


@dataclass(frozen=True)
class LineagePath:
    """Steps from the start document, in order; ``repeat`` when the end is walked on elsewhere."""

    steps: tuple[LineageStep, ...]
    repeat: bool = False

    @property
    def start(self) -> DocumentRecord:
        return self.steps[0].source

    @property
    def end(self) -> DocumentRecord:
        return self.steps[-1].target

    @property
    def documents(self) -> tuple[DocumentRecord, ...]:
        """Every document on the path, the start first."""
        return (self.start, *(s.target for s in self.steps))

    @property
    def relations(self) -> tuple[str, ...]:
        return tuple(s.relation for s in self.steps)

    @property
    def direction(self) -> str:
        return self.steps[0].direction

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[LineageStep]:
        return iter(self.steps)

    def __str__(self) -> str:
        return self.start.name + " " + " ".join(str(s) for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready steps."""
        return {"steps": [s.to_dict() for s in self.steps], "repeat": self.repeat}


@dataclass(frozen=True)
class TreeNode:
    """A step of a walk shown as a tree (paths share their first steps); ``repeat`` when its document is walked on
    elsewhere in the tree."""

    step: LineageStep
    repeat: bool
    children: tuple[TreeNode, ...]


@dataclass(frozen=True)
class Lineage:
    """The paths of a walk from ``start``; iterate it for the paths. ``truncated`` when ``limit`` cut it."""

    start: DocumentRecord
    direction: str
    depth: int
    paths: tuple[LineagePath, ...]
    truncated: bool = False
    related: dict[str, DocumentRecord] = field(default_factory=dict)  # documents that state a step (pk:statedIn)

    def __iter__(self) -> Iterator[LineagePath]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i: int) -> LineagePath:
        return self.paths[i]

    def tree(self) -> tuple[TreeNode, ...]:
        """The paths as a tree of steps from the start, in the paths' order."""
        children: dict[tuple, list[LineagePath]] = defaultdict(list)
        for p in self.paths:
            children[_key(p.steps[:-1])].append(p)

        def grow(parent: tuple) -> tuple[TreeNode, ...]:
            return tuple(TreeNode(p.steps[-1], p.repeat, grow(_key(p.steps))) for p in children.get(parent, []))

        return grow(())

    def documents(self) -> dict[str, DocumentRecord]:
        """Every document reached, the start first, by IRI."""
        out = {self.start.iri: self.start}
        for p in self.paths:
            out.setdefault(p.end.iri, p.end)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the start, the documents by IRI, the paths (documents named by IRI)."""
        docs = {**self.documents(), **{i: d for i, d in self.related.items() if i not in self.documents()}}
        return {"start": self.start.iri, "direction": self.direction, "depth": self.depth, "truncated": self.truncated,
                "documents": {iri: d.to_dict() for iri, d in docs.items()}, "paths": [p.to_dict() for p in self.paths]}


def lineage(store: Any, doc: str | DocumentRecord, direction: str = "up", depth: int | None = 3,
            relations: Iterable[str] | str | None = None, *, term: Iterable[str] | str | None = None,
            issuer: Iterable[str] | str | None = None, date_from: str | Date | None = None,
            date_to: str | Date | None = None, planned: bool = True, limit: int | None = 10_000) -> Lineage:
    """Walk the citations of ``doc`` (a record, IRI or symbol) up, down or both, to ``depth`` steps.

    ``relations`` keeps steps of those relations and their sub-relations (``implements`` takes
    ``continues``, ``guides``, ``concretizes``); ``term``, ``issuer``, ``date_from``/``date_to`` keep
    documents that match (others are not walked through); ``planned`` False drops announced changes.
    ``store`` is a kg Store or a graph from ``to_networkx``. At most ``limit`` paths (None: no limit). ``depth``
    None (or 0) walks until nothing new is reached.
    """
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 0):
        raise ValueError(f"depth must be a whole number of steps, 0 or None for no limit, not {depth!r}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    source = source_for(store)
    start = doc if isinstance(doc, DocumentRecord) else source.lookup(doc)
    rels, terms, issuers = filters(relations, term, issuer)
    node_filter = dict(terms=terms, issuers=issuers, date_from=date_text(date_from), date_to=date_text(date_to))
    found: list[LineagePath] = []
    truncated = False
    for way in (("up", "down") if direction == "both" else (direction,)):
        walked, cut = _walk(source, start, way, depth, rels, planned, node_filter,
                            None if limit is None else limit - len(found))
        found += walked
        truncated |= cut
    stated = {c.stated_in for p in found for st in p.steps for c in st.citations if c.stated_in}
    return Lineage(start=start, direction=direction, depth=depth, paths=tuple(_with_evidence(source, found)),
                   truncated=truncated, related=source.records(stated) if stated else {})


def _walk(source: Any, start: DocumentRecord, direction: str, depth: int | None, rels: frozenset[str] | None,
          planned: bool, node_filter: dict[str, Any], limit: int | None) -> tuple[list[LineagePath], bool]:
    """Breadth-first levels (one query of citations each), then the paths in depth-first order.

    Records are read once for the whole walk (with the documents that state its links), unless a
    document filter must see them level by level to decide where the walk goes on.
    """
    level_of = {start.iri: 0}
    levels: list[tuple[set[tuple[str, str, str, bool]], dict[tuple[str, str, str, bool], list[Citation]]]] = []
    frontier = [start.iri]
    filtered = any(v is not None for v in node_filter.values())
    for level in (range(depth) if depth else itertools.count()):  # None or 0: until nothing new is reached
        grouped = _next_steps(source, frontier, direction, rels, planned)
        admitted = set(grouped)
        if filtered:
            records = source.records({k[1] for k in grouped})
            admitted = {k for k in grouped if k[1] in level_of or records[k[1]].matches(**node_filter)}
        frontier = [there for there in dict.fromkeys(k[1] for k in admitted) if there not in level_of]
        level_of.update((there, level + 1) for there in frontier)
        levels.append((admitted, grouped))
        if not frontier:
            break
    stated = {c.stated_in for _, grouped in levels for cites in grouped.values() for c in cites if c.stated_in}
    records = source.records([*level_of, *sorted(stated)])
    children: dict[str, list[tuple[str, str, bool, list[Citation]]]] = defaultdict(list)
    for admitted, grouped in levels:
        for key in sorted(admitted, key=lambda k: _order(records[k[1]], k)):
            children[key[0]].append((key[1], key[2], key[3], grouped[key]))
    return _paths_of(start.iri, children, level_of, records, direction, limit)


def _next_steps(source: Any, frontier: list[str], direction: str, rels: frozenset[str] | None,
                planned: bool) -> dict[tuple[str, str, str, bool], list[Citation]]:
    """The steps one citation on from the ``frontier`` documents that the filters keep, keyed (here, there,
    relation, planned), with their citations; in the order the citations come."""
    grouped: dict[tuple[str, str, str, bool], list[Citation]] = defaultdict(list)
    for c in source.citations(frontier, direction):
        if keep_citation(c, rels, planned, True):
            here, there = (c.citing, c.cited) if direction == "up" else (c.cited, c.citing)
            grouped[(here, there, c.relation, c.planned)].append(c)
    return grouped


def _order(record: DocumentRecord, key: tuple[str, str, str, bool]) -> tuple:
    """Children by date (undated last), then name, then relation."""
    return (record.date or "9999", record.name, key[2], key[3])


def _paths_of(start: str, children: dict[str, list[tuple[str, str, bool, list[Citation]]]],
              level_of: dict[str, int], records: dict[str, DocumentRecord], direction: str,
              limit: int | None) -> tuple[list[LineagePath], bool]:
    """Depth-first from the start; a document is walked on only where it sits at its breadth-first level."""
    out: list[LineagePath] = []
    walked = {start}

    def visit(node: str, prefix: tuple[LineageStep, ...]) -> bool:
        for there, relation, is_planned, cites in children.get(node, []):
            if limit is not None and len(out) >= limit:
                return False
            steps = (*prefix, LineageStep(records[node], records[there], relation, direction, is_planned, tuple(cites)))
            goes_on = there not in walked and level_of[there] == len(steps)
            out.append(LineagePath(steps, repeat=not goes_on))
            if goes_on:
                walked.add(there)
                if not visit(there, steps):
                    return False
        return True

    complete = visit(start, ())
    return out, not complete


def _with_evidence(source: Any, found: list[LineagePath]) -> list[LineagePath]:
    """The paths with every citation's evidence read in one batch."""
    cites = {c.iri: c for p in found for s in p.steps for c in s.citations}
    full = {c.iri: c for c in source.with_evidence(list(cites.values()))}

    def step(s: LineageStep) -> LineageStep:
        return LineageStep(s.source, s.target, s.relation, s.direction, s.planned, tuple(full[c.iri] for c in s.citations))

    return [LineagePath(tuple(step(s) for s in p.steps), p.repeat) for p in found]


def paths(store: Any, a: str | DocumentRecord, b: str | DocumentRecord, max_depth: int = 4,
          relations: Iterable[str] | str | None = None, *, planned: bool = True) -> list[LineagePath]:
    """Every path of at most ``max_depth`` citation steps from ``a`` to ``b``, all going up (a builds on b)
    or all going down (b builds on a); shortest first."""
    source = source_for(store)
    start = a if isinstance(a, DocumentRecord) else source.lookup(a)
    end = b if isinstance(b, DocumentRecord) else source.lookup(b)
    rels = filters(relations)[0]
    out: list[LineagePath] = []
    for direction in ("up", "down"):
        graph = _reach_graph(source, start.iri, end.iri, direction, max_depth, rels, planned)
        if start.iri not in graph or end.iri not in graph:
            continue
        records = source.records(graph.nodes)
        for edge_path in nx.all_simple_edge_paths(graph, start.iri, end.iri, cutoff=max_depth):
            steps = tuple(LineageStep(records[u], records[v], *k, tuple(graph.edges[u, v, k]["citations"]))
                          for u, v, k in edge_path)
            out.append(LineagePath(steps))
    out = _with_evidence(source, out)
    return sorted(out, key=lambda p: (len(p), p.direction, [(s.target.name, s.relation) for s in p.steps]))


def _reach_graph(source: Any, start: str, end: str, direction: str, max_depth: int,
                 rels: frozenset[str] | None, planned: bool) -> nx.MultiDiGraph:
    """The steps on some path start → end: forward levels from start meet backward levels from end."""
    back = "down" if direction == "up" else "up"
    forward, forward_edges = _levels(source, start, direction, max_depth, rels, planned)
    backward, _ = _levels(source, end, back, max_depth, rels, planned)
    graph = nx.MultiDiGraph()
    for (here, there, relation, is_planned), cites in forward_edges.items():
        if here in forward and there in backward and forward[here] + 1 + backward[there] <= max_depth:
            graph.add_edge(here, there, key=(relation, direction, is_planned), citations=cites)
    return graph


def _levels(source: Any, start: str, direction: str, max_depth: int, rels: frozenset[str] | None,
            planned: bool) -> tuple[dict[str, int], dict[tuple[str, str, str, bool], list[Citation]]]:
    """Distance of each document reached from ``start`` and the steps met, breadth-first."""
    level_of, frontier = {start: 0}, [start]
    edges: dict[tuple[str, str, str, bool], list[Citation]] = {}
    for level in range(max_depth):
        nxt = []
        for key, cites in _next_steps(source, frontier, direction, rels, planned).items():
            edges[key] = cites  # a document is in one level's frontier only: each step comes once
            if key[1] not in level_of:
                level_of[key[1]] = level + 1
                nxt.append(key[1])
        frontier = nxt
        if not frontier:
            break
    return level_of, edges


# ---- the tree a terminal shows

def format_tree(result: Lineage, evidence: int = 2, width: int = 100) -> str:
    """The walk as a tree: one line per step, up to ``evidence`` quoted sentences under each with their file."""
    lines = [result.start.describe()]
    printed: set[str] = {result.start.iri}

    def emit(nodes: tuple[TreeNode, ...], indent: str) -> None:
        for i, node in enumerate(nodes):
            last = i == len(nodes) - 1
            step = node.step
            arrow = "→" if step.direction == "up" else "←"
            iri = step.target.iri  # a repeat points at where the document is expanded: above it, or further down
            tail = ("  (see above)" if iri in printed else "  (see below)") if node.repeat else ""
            if not node.repeat:
                printed.add(iri)
            lines.append(f"{indent}{'└─' if last else '├─'} {step.verb} {arrow} {step.target.describe()}{tail}")
            below = indent + ("   " if last else "│  ")
            for line in _evidence_lines(step, evidence, width, result.related):
                lines.append(f"{below}{'│' if node.children else ' '}  {line}")
            emit(node.children, below)

    emit(result.tree(), "")
    if result.truncated:
        lines.append("… (cut at the limit of paths)")
    return "\n".join(lines)


def _key(steps: Sequence[LineageStep]) -> tuple:
    return tuple((s.source.iri, s.target.iri, s.relation, s.planned) for s in steps)


def _evidence_lines(step: LineageStep, count: int, width: int, related: dict[str, DocumentRecord]) -> list[str]:
    """Quoted excerpts of the step's sentences (the reference and some words around it) and their file."""
    out = []
    evidence = step.evidence
    for e in evidence[:count]:
        where = os.path.basename(e.path) if e.path else e.source.rsplit("/", 1)[-1][:12]
        if e.footnote is not None:
            where += f", footnote {e.footnote}"
        elif e.in_footnote:
            where += ", footnote"
        stated = next((c.stated_in for c in step.citations if e in c.evidence and c.stated_in), None)
        if stated:
            name = related[stated].name if stated in related else stated
            where += f", stated in {name if len(name) <= 40 else name[:39] + '…'}"
        out.append(f"“{excerpt(e, width)}” [{where}]")
    if len(evidence) > count:
        out.append(f"(+{len(evidence) - count} more)")
    return out


def excerpt(e: Evidence, width: int = 100) -> str:
    """The sentence cut to about ``width`` characters around the quoted reference, with … where cut."""
    text = e.sentence or e.quote
    if len(text) <= width:
        return text
    start, end = e.span or (0, min(len(text), len(e.quote)))
    room = max(0, width - (end - start)) // 2
    left, right = max(0, start - room), min(len(text), end + room)
    if left > 0:
        cut = text.find(" ", left, start)
        left = cut + 1 if cut >= 0 else left
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut >= 0 else right
    return ("… " if left > 0 else "") + text[left:right] + (" …" if right < len(text) else "")
