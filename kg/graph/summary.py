"""The summary graph ``{base}graph/summary``: what the union of a store's graphs says per document, said once.

Oxigraph reads a union of graphs by visiting every graph that holds a triple, and party-kg writes a
document's label and facts, and an issuing body's name, in every file that names them. So a question
about a resolution cited by a thousand files reads a thousand copies. The summary aggregates them
once, at build time, from the same triples the graphs hold:

- per cited document: ``pk:citingDocuments`` (distinct citing documents) and ``pk:citingMentions``
  (the sum of ``pk:mentions`` of the citation nodes), counted as ``queries/most-cited-live.rq`` does;
- per row of ``queries/most-cited.rq`` (a cited document, not an unresolved reference, and one of its
  labels): a node with ``pk:mostCitedRank`` (its place in the query's order), ``pk:document`` and
  ``pk:documentLabel``, so that the query is a lookup ordered by an integer;
- per document: ``pk:recordFacts``, a JSON object ``{property: {value: [graphs stating it, rank]}}`` over the
  properties ``kg.query.records`` reads (rank 0: the document's own file states it, 1: the catalog's graph, 2: only
  mentions), so a record costs one read whatever the number of mentions;
- per issuing body: ``skos:prefLabel``, the least of its names (the name ``kg.query.records`` shows);
- per document that a dated document replaced, repealed or amended (done, not announced: ``pk:planned false``):
  ``pk:status`` (``status/replaced``, ``status/repealed`` or ``status/amended``) and a ``pk:StatusStatement``
  node saying by which document (``pk:statusBy``), since when (``pk:statusSince``, that document's date) and
  from which citation (``prov:wasDerivedFrom``). A replacement or repeal ends the force; the newest one counts;
  an amendment alone leaves the document in force, changed. ``kg.status_in_force`` reads these.

A build feeds each graph's statements, as its description writes them, to a ``Summary`` (``graph_facts`` runs in
the worker processes that describe the graphs; ``Summary.add`` merges); ``summary_triples`` does it all from the
resolved corpus.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product

from rdflib import URIRef

from kg.graph.build import Statement, catalog_statements, file_statements
from kg.graph.namespaces import CITO, DCTERMS, ELI, FOAF, PK, PROV, RDF, RDFS, RELATION, SKOS, STATUS, XSD, Iris
from kg.graph.ntriples import iri_value, nt_lang, nt_literal, nt_typed, parse_lines
from kg.model import Document, FileResolution

__all__ = [
    "CITING_DOCUMENTS",
    "CITING_MENTIONS",
    "DOCUMENT",
    "DOCUMENT_LABEL",
    "MOST_CITED_RANK",
    "RECORD_FACTS",
    "RECORD_PROPERTIES",
    "SUMMARY_GRAPH",
    "GraphFacts",
    "Summary",
    "graph_facts",
    "summary_triples",
]

SUMMARY_GRAPH = "summary"  # the graph's name under the base: Iris.graph(SUMMARY_GRAPH)
CITING_DOCUMENTS, CITING_MENTIONS, MOST_CITED_RANK = PK.citingDocuments, PK.citingMentions, PK.mostCitedRank
DOCUMENT, DOCUMENT_LABEL, RECORD_FACTS = PK.document, PK.documentLabel, PK.recordFacts

# what a DocumentRecord is made of (kg.query.records), in every graph that states it
RECORD_PROPERTIES = (RDF.type, PK.symbol, ELI.number, ELI.date_document, ELI.passed_by, ELI.publisher_agent,
                     ELI.type_document,
                     DCTERMS.title, PK.typeWord, PK.term, PK.scope, PK.level, PK.place, RDFS.label, SKOS.note, PK.candidate,
                     ELI.is_another_publication_of)
_FACT_PROPERTIES = frozenset(str(p) for p in RECORD_PROPERTIES)
_MENTIONED = frozenset(str(p) for p in (ELI.date_document, DCTERMS.title, PK.typeWord, ELI.passed_by))  # of documents


@dataclass
class GraphFacts:
    """What one graph contributes to the summary, as plain strings (small, picklable)."""

    graph: str
    citations: list[tuple[str, str, int]] = field(default_factory=list)  # (citing, cited, mentions) per citation row
    unresolved: set[str] = field(default_factory=set)
    labels: set[tuple[str, str]] = field(default_factory=set)  # (document, rdfs:label)
    facts: set[tuple[str, str, str]] = field(default_factory=set)  # (document, property, value) of RECORD_PROPERTIES
    names: set[tuple[str, str, str]] = field(default_factory=set)  # (body, skos:prefLabel, its language)
    changes: set[tuple[str, str, str, str]] = field(default_factory=set)  # (changed, relation, changer, citation), done
    topics: set[str] = field(default_factory=set)  # the documents whose own file this graph is (foaf:primaryTopic)

    def to_json(self) -> dict:
        """Plain JSON values (sets as lists), for ``from_json``."""
        return {"graph": self.graph, "citations": [list(c) for c in self.citations],
                **{name: list(map(_listed, getattr(self, name))) for name in _SET_FIELDS}}

    @classmethod
    def from_json(cls, data: dict) -> GraphFacts:
        """The facts ``to_json`` wrote."""
        return cls(data["graph"], [tuple(c) for c in data["citations"]],
                   **{name: {_tupled(v) for v in data[name]} for name in _SET_FIELDS})


_SET_FIELDS = ("unresolved", "labels", "facts", "names", "changes", "topics")


def _listed(value: str | tuple[str, ...]) -> str | list[str]:
    return value if isinstance(value, str) else list(value)


def _tupled(value: str | list[str]) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)


Row = tuple[str, str, str, str]  # (subject, predicate, object's value, its language): a triple as plain strings


def graph_facts(graph: str, statements: Iterable[Statement]) -> GraphFacts:
    """The summary's share of one graph, from the statements its description wrote (``kg.graph.build``'s
    ``file_statements`` and ``catalog_statements``: subject and object as N-Triples text, or vocabulary URIRefs)."""
    rows = []
    for s, p, o in statements:
        if p in _WANTED:
            rows.append((iri_value(s), str(p), *(_object(o) if type(o) is str else (str(o), ""))))
    return _facts(graph, rows)


_WANTED = frozenset((*RECORD_PROPERTIES, CITO.hasCitingEntity, CITO.hasCitedEntity, PK.mentions, SKOS.prefLabel,
                     PK.relation, PK.planned, FOAF.primaryTopic))
_LITERAL = re.compile(r'"(.*)"(?:@([^@"]+)|\^\^<[^>]*>)?', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _object(text: str) -> tuple[str, str]:
    """An N-Triples object as (value, language): an IRI without its brackets, a literal's unescaped lexical form."""
    if text[0] == "<":
        return iri_value(text), ""
    m = _LITERAL.fullmatch(text)
    lexical = m[1] if "\\" not in m[1] else _ESCAPE.sub(lambda e: _ESCAPED.get(e[1], e[1]), m[1])
    return lexical, m[2] or ""


def _facts(graph: str, rows: Iterable[Row]) -> GraphFacts:
    """The summary's share of one graph, from its triples as plain strings."""
    out = GraphFacts(str(graph))
    by_subject: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for s, p, o, language in rows:
        by_subject[s].append((p, o, language))
    for s, pairs in by_subject.items():
        types = {o for p, o, _ in pairs if p == _TYPE}
        if _CITATION in types:
            out.citations += _citation_rows(pairs)
            out.changes |= _change_rows(s, pairs)
        # a document the catalog's graph types is not typed again in a file's graph, which says what its mentions say
        if _LEGAL_RESOURCE in types or any(p in _MENTIONED for p, _, _ in pairs):
            out.facts |= {(s, p, o) for p, o, _ in pairs if p in _FACT_PROPERTIES}
            out.labels |= {(s, o) for p, o, _ in pairs if p == _LABEL}
            if _UNRESOLVED in types:
                out.unresolved.add(s)
        out.names |= {(s, o, language) for p, o, language in pairs if p == _PREF_LABEL}
        if s == out.graph:
            out.topics |= {o for p, o, _ in pairs if p == _TOPIC}
    out.citations.sort()  # the same share whatever order the triples came in
    return out


_TYPE, _LABEL, _PREF_LABEL, _DATE = str(RDF.type), str(RDFS.label), str(SKOS.prefLabel), str(ELI.date_document)
_TOPIC = str(FOAF.primaryTopic)
_CITATION, _LEGAL_RESOURCE, _UNRESOLVED = str(CITO.Citation), str(ELI.LegalResource), str(PK.UnresolvedReference)


def _citation_rows(pairs: list[tuple[str, str, str]]) -> list[tuple[str, str, int]]:
    """The (citing, cited, mentions) rows a citation node gives the join of most-cited-live.rq."""
    def values(prop: URIRef) -> list[str]:
        return [o for p, o, _ in pairs if p == str(prop)]

    return [(citing, cited, int(m)) for citing, cited, m in
            product(values(CITO.hasCitingEntity), values(CITO.hasCitedEntity), values(PK.mentions))]


_CHANGES = {str(RELATION[r]): r for r in ("replaces", "repeals", "amends")}


def _change_rows(citation: str, pairs: list[tuple[str, str, str]]) -> set[tuple[str, str, str, str]]:
    """(changed, relation, changer, citation) of a citation node that replaces, repeals or amends, done."""
    relations = [_CHANGES[o] for p, o, _ in pairs if p == _RELATION and o in _CHANGES]
    if not relations or any(p == _PLANNED and o != "false" for p, o, _ in pairs):
        return set()
    citing = [o for p, o, _ in pairs if p == _CITING]
    cited = [o for p, o, _ in pairs if p == _CITED]
    return {(d, r, c, citation) for d, r, c in product(cited, relations, citing)}


_RELATION, _PLANNED, _CITING, _CITED = str(PK.relation), str(PK.planned), str(CITO.hasCitingEntity), str(CITO.hasCitedEntity)


class Summary:
    """The summary of the graphs of a store under ``iris`` added so far (a graph added twice counts once, as in the
    store); what the catalog's graph states ranks before what the mentions in files say."""

    def __init__(self, iris: Iris) -> None:
        self.iris = iris
        self.catalog = str(iris.graph("catalog"))
        self.graphs: set[str] = set()
        self.citers: dict[str, set[str]] = defaultdict(set)
        self.mentions: dict[str, int] = defaultdict(int)
        self.unresolved: set[str] = set()
        self.labels: dict[str, set[str]] = defaultdict(set)
        self.facts: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)  # document → (property, value) → graphs
        self.ranks: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)  # the same → 0 own file, 1 catalog
        self.names: dict[str, tuple[str, str]] = {}
        self.changes: set[tuple[str, str, str, str]] = set()
        self._strings: dict[str, str] = {}

    def add(self, part: GraphFacts) -> None:
        """Merge one graph's share (its strings kept once: the same IRIs and values come from thousands of graphs)."""
        if part.graph in self.graphs:
            return
        one = self._one
        self.graphs.add(part.graph)
        for citing, cited, mentions in part.citations:
            self.citers[one(cited)].add(one(citing))
            self.mentions[one(cited)] += mentions
        self.unresolved |= {one(doc) for doc in part.unresolved}
        for doc, label in part.labels:
            self.labels[one(doc)].add(one(label))
        for doc, prop, value in part.facts:
            facts, key = self.facts[one(doc)], (one(prop), one(value))
            facts[key] = facts.get(key, 0) + 1
            rank = 0 if doc in part.topics else 1 if part.graph == self.catalog else 2
            if rank < 2:
                ranks = self.ranks[one(doc)]
                ranks[key] = min(rank, ranks.get(key, rank))
        for body, name, language in part.names:
            if body not in self.names or (name, language) < self.names[body]:
                self.names[one(body)] = (one(name), one(language))
        self.changes |= {tuple(map(one, row)) for row in part.changes}

    def _one(self, text: str) -> str:
        """The copy of ``text`` the summary keeps."""
        return self._strings.setdefault(text, text)

    def most_cited(self) -> list[tuple[str | None, int, int, str]]:
        """The rows of most-cited-live.rq — (label, citing, mentions, document) — in its order."""
        rows = [(label, len(citers), self.mentions[doc], doc) for doc, citers in self.citers.items()
                if doc not in self.unresolved for label in (sorted(self.labels.get(doc, ())) or [None])]
        return sorted(rows, key=lambda r: (-r[1], -r[2], r[0] is not None, r[0] or "", r[3]))

    def _date(self, doc: str) -> str | None:
        """The date most graphs give the document (the least of those tied), or None."""
        dates = [(-n, value) for (prop, value), n in self.facts.get(doc, {}).items() if prop == _DATE]
        return min(dates)[1] if dates else None

    def statuses(self) -> list[tuple[str, str, str, str | None, str]]:
        """(document, state, by, since, citation) per changed document: the newest replacement or repeal, else
        the newest amendment (newest by the changer's date; an undated change counts as the oldest)."""
        out = []
        by_doc: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for doc, relation, changer, citation in self.changes:
            by_doc[doc].append((relation, changer, citation))
        for doc in sorted(by_doc):
            rows = [(r != "amends", self._date(c) or "", r, c, cit) for r, c, cit in by_doc[doc]]
            ending, since, relation, changer, citation = max(rows)
            state = {"replaces": "replaced", "repeals": "repealed", "amends": "amended"}[relation]
            out.append((doc, state, changer, since or None, citation))
        return out

    def statements(self) -> Iterator[tuple[str, URIRef, object]]:
        """The summary graph as (subject IRI, predicate, object): an ``Iri``, an int, a str, or (text, language)."""
        for doc, citers in self.citers.items():
            yield doc, CITING_DOCUMENTS, len(citers)
            yield doc, CITING_MENTIONS, self.mentions[doc]
        rows = self.iris.graph(SUMMARY_GRAPH) + "/most-cited/"
        for rank, (label, _, _, doc) in enumerate(self.most_cited(), start=1):
            yield f"{rows}{rank}", MOST_CITED_RANK, rank
            yield f"{rows}{rank}", DOCUMENT, Iri(doc)
            if label is not None:
                yield f"{rows}{rank}", DOCUMENT_LABEL, label
        for doc, facts in self.facts.items():
            yield doc, RECORD_FACTS, json.dumps(_nested(facts, self.ranks.get(doc, {})), ensure_ascii=False,
                                                sort_keys=True)
        for body, (name, language) in self.names.items():
            yield body, SKOS.prefLabel, (name, language or None)
        statements = self.iris.graph(SUMMARY_GRAPH) + "/status/"
        for n, (doc, state, changer, since, citation) in enumerate(self.statuses(), start=1):
            node = f"{statements}{n}"
            yield doc, PK.status, Iri(STATUS[state])
            yield node, RDF.type, Iri(PK.StatusStatement)
            yield node, PK.statusOf, Iri(doc)
            yield node, PK.status, Iri(STATUS[state])
            yield node, PK.statusBy, Iri(changer)
            yield node, PROV.wasDerivedFrom, Iri(citation)
            if since:
                yield node, PK.statusSince, Day(since)

    def triples(self) -> set[tuple]:
        """The summary graph's triples (rdflib terms): its lines parsed."""
        return parse_lines(self.lines())

    def lines(self) -> list[str]:
        """The summary graph as sorted N-Triples lines."""
        return sorted({f"<{s}> <{p}> {_nt(o)} ." for s, p, o in self.statements()})


def _nested(facts: dict[tuple[str, str], int], ranks: dict[tuple[str, str], int]) -> dict[str, dict[str, list[int]]]:
    """``{(property, value): graphs}`` and their ranks as ``pk:recordFacts`` writes them: ``{property: {value:
    [graphs, rank]}}``."""
    out: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for (prop, value), graphs in facts.items():
        out[prop][value] = [graphs, ranks.get((prop, value), 2)]
    return out


class Iri(str):
    """An object that is an IRI, not a string literal."""


class Day(str):
    """An object that is an ``xsd:date`` literal (``2021-07-30``), or ``xsd:gYearMonth``/``xsd:gYear`` when shorter."""

    @property
    def datatype(self) -> URIRef:
        return {10: XSD.date, 7: XSD.gYearMonth}.get(len(self), XSD.gYear)


def _nt(o: object) -> str:
    if isinstance(o, Iri):
        return f"<{o}>"
    if isinstance(o, Day):
        return nt_typed(str(o), o.datatype)
    if isinstance(o, tuple):
        return nt_lang(o[0], o[1]) if o[1] else nt_literal(o[0])
    return nt_literal(o)


def summary_triples(resolutions: Iterable[FileResolution], iris: Iris, catalog: Iterable[Document] = ()) -> set[tuple]:
    """The summary graph of the corpus: each file's graph and the catalog's, built and summarised.

    It writes every graph again; a build that has them already feeds them to ``Summary`` instead.
    """
    summary = Summary(iris)
    catalog_graph = catalog_statements(list(catalog), iris)
    stated = frozenset(catalog_graph)
    for res in resolutions:
        summary.add(graph_facts(iris.file(res.extraction.sha256 or ""), file_statements(res, iris, stated).values()))
    summary.add(graph_facts(summary.catalog, catalog_graph.values()))
    return summary.triples()
