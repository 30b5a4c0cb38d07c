"""The documents and citations of a store as plain records, read in batches with one SPARQL query each.

Every function here takes a batch of IRIs and costs one query per batch, whatever the store's
size: the indexes of Oxigraph answer ``?c cito:hasCitingEntity <doc>`` without a scan. Queries run
over the union of the store's graphs (the manifest is read only for the paths of source files).
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any
from urllib.parse import unquote

from kg.graph.build import EDGE_PROPERTIES
from kg.graph.namespaces import DCTERMS, ELI, PK, RDF, RDFS, RELATION, SKOS, TERM, TYPE
from kg.graph.summary import RECORD_PROPERTIES, SUMMARY_GRAPH
from kg.rules import copy_types, party_types, roman_to_int, state_types, term_of

__all__ = [
    "RELATIONS", "AmbiguousSymbol", "Citation", "DocumentRecord", "Evidence", "UnknownSymbol",
    "citations_between", "citations_of", "copies_of", "evidence_of", "lookup", "records", "relation_matches",
    "source_paths",
]

# every relation a citation node can carry, and the extra names a filter may use for a family of them
RELATIONS: tuple[str, ...] = tuple(EDGE_PROPERTIES)
_FAMILIES = {"changes": ELI.changes}
_BATCH = 500  # IRIs per VALUES block



class UnknownSymbol(LookupError):
    """No document in the store answers to the symbol (with the term or date asked for)."""


class AmbiguousSymbol(LookupError):
    """Several documents answer to the symbol; ``candidates`` lists them, none is chosen."""

    def __init__(self, symbol: str, candidates: Sequence[DocumentRecord]) -> None:
        self.symbol = symbol
        self.candidates = tuple(candidates)
        lines = [f"{symbol} names {len(self.candidates)} documents; choose one with a term or a date:"]
        lines += [f"  {c.describe(long=True)}" for c in self.candidates]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Evidence:
    """One mention behind a citation: its sentence, the quoted reference and where it is in its file.

    ``span`` is (start, end) of the quote inside ``sentence``; ``start``/``end`` count code points of
    the source file's text; ``source`` is the file's IRI (its named graph), ``path`` its path as built.
    """

    sentence: str | None
    quote: str
    span: tuple[int, int] | None
    start: int | None
    end: int | None
    in_footnote: bool
    footnote: int | None
    source: str
    path: str | None
    annotation: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        out = dict(self.__dict__)
        out["span"] = list(self.span) if self.span else None
        return out


@dataclass(frozen=True)
class Citation:
    """One cito:Citation node: who cites whom, how (relation, cue, planned) and how sure the resolver is."""

    iri: str
    citing: str
    cited: str
    relation: str
    planned: bool
    cue: str | None
    method: str | None
    confidence: float | None
    mentions: int
    stated_in: str | None
    source: str | None
    path: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, evidence included."""
        out = {k: v for k, v in self.__dict__.items() if k != "evidence"}
        out["evidence"] = [e.to_dict() for e in self.evidence]
        return out


@dataclass(frozen=True)
class DocumentRecord:
    """What the store says about one document, one preferred value per field.

    A field is taken from the document's own file first, then the catalog, then the mentions (most
    frequent; for titles the longest); ``issuers``, ``dates`` and ``titles`` keep every value seen.
    ``kind`` is ``document``, ``unresolved`` or ``copy``; ``level`` central/local/state/unresolved.
    """

    iri: str
    kind: str = "document"
    label: str = ""
    symbol: str | None = None
    type: str | None = None
    type_word: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    term: str | None = None
    level: str | None = None
    title: str | None = None
    times_cited: int = 0
    issuers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    note: str | None = None
    candidates: tuple[str, ...] = ()
    copy_of: str | None = None

    @property
    def name(self) -> str:
        """The short name a person reads: the symbol, else the label."""
        return self.symbol or self.label or self.iri

    def describe(self, long: bool = False) -> str:
        """``09-KL/BTCTW (2024-01-11) Kết luận — Ban Tổ chức Trung ương``; ``long`` adds term and title."""
        name = self.name if len(self.name) <= 60 else self.name[:59] + "…"
        if long and self.term and self.symbol:
            name += f" [{self.term}]"
        when = self.date or (self.term if self.symbol and not long else None)
        parts = [name + (f" ({when})" if when else "")]
        if self.kind == "unresolved":
            parts.append("(unresolved)")
        elif self.type_word:
            parts.append(self.type_word)
        text = " ".join(parts) + (f" — {self.issuer}" if self.issuer else "")
        if long and self.title and self.title != self.label:
            title = self.title if len(self.title) <= 200 else self.title[:199] + "…"
            text += f": {title}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    def matches(self, terms: frozenset[str] | None = None, issuers: frozenset[str] | None = None,
                date_from: str | None = None, date_to: str | None = None) -> bool:
        """True when the document passes every filter given (term, issuing body, date range)."""
        if terms is not None and (self.term or "") not in terms:
            return False
        if issuers is not None and not any(_fold(i) in issuers for i in (self.issuers or ((self.issuer,) if self.issuer else ()))):
            return False
        if date_from is not None or date_to is not None:
            dates = self.dates or ((self.date,) if self.date else ())
            return any((date_from is None or d >= date_from) and (date_to is None or d <= _date_end(date_to))
                       for d in dates)
        return True


# ---- running queries

def _union_query(store: Any, sparql: str) -> Any:
    """pyoxigraph results of ``sparql`` over the union of the store's graphs (``Store.query_union``, embedded
    or remote): batch reads need the union default graph, not a listing of every named graph."""
    run = getattr(store, "query_union", None)
    if run is None:
        raise TypeError(f"expected an open kg Store, got {type(store).__name__}")
    return run(sparql)


def _python(term: Any) -> Any:
    """An Oxigraph term as a Python value: IRIs and strings as str, numbers and booleans as such."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is None:
        return term.value
    kind = datatype.value.rsplit("#", 1)[-1]
    try:
        if kind in {"integer", "int", "long", "nonNegativeInteger", "positiveInteger"}:
            return int(term.value)
        if kind in {"decimal", "double", "float"}:
            return float(term.value)
        if kind == "boolean":
            return term.value in {"true", "1"}
    except ValueError:
        pass
    return term.value


def select(store: Any, sparql: str) -> list[dict[str, Any]]:
    """Rows of a SELECT over the union of the store's graphs, values as Python values (see ``_python``)."""
    result = _union_query(store, sparql)
    names = [v.value for v in result.variables]
    return [{n: _python(row[n]) for n in names} for row in result]


def _iri(value: str) -> str:
    """An IRI as a SPARQL term; refuses what is not an IRI (no splicing of arbitrary text)."""
    import pyoxigraph as ox

    return str(ox.NamedNode(value))


def _batches(items: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in dict.fromkeys(items):
        batch.append(item)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _values(var: str, iris: Sequence[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(_iri(i) for i in iris)} }}"


# ---- names of vocabulary terms

def relation_name(iri: str | None) -> str:
    """``…/ontology/relation/continues`` → ``continues`` (``cites`` when absent)."""
    return unquote(iri[len(str(RELATION)):]) if iri and iri.startswith(str(RELATION)) else "cites"


def _type_code(iri: str) -> str:
    """``…/ontology/type/dang/NQ`` → ``NQ``."""
    return unquote(iri[len(str(TYPE)):].split("/", 1)[-1])


def _term_name(iri: str) -> str:
    return unquote(iri[len(str(TERM)):])


def _type_word(code: str | None) -> str | None:
    """The preferred Vietnamese word of a type code (``NQ`` → ``Nghị quyết``), from the rules."""
    if not code:
        return None
    for table in (party_types(), copy_types(), state_types()):
        if code in table:
            word = table[code]["words"][0]
            return word[:1].upper() + word[1:]
    return {"charter": "Điều lệ", "platform": "Cương lĩnh"}.get(code)


def relation_matches(relation: str, wanted: frozenset[str] | None) -> bool:
    """True when a citation's relation is one of ``wanted`` or a sub-relation of one (continues ⊂ implements)."""
    if wanted is None:
        return True
    properties = EDGE_PROPERTIES.get(relation, (ELI.cites,))
    for name in wanted:
        prop = _FAMILIES.get(name) or EDGE_PROPERTIES.get(name, (None,))[0]
        if name == relation or (prop is not None and prop in properties):
            return True
    return False


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _date_end(value: str) -> str:
    """The last day a date prefix covers: ``2024`` → ``2024-12-31``, ``2024-02`` → ``2024-02-31``."""
    return value + "-12-31"[len(value) - 4:] if len(value) < 10 else value


def date_text(value: str | Date | None) -> str | None:
    """A date filter as ISO text (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    return value.isoformat() if isinstance(value, Date) else value


# ---- documents

_RECORD_PROPERTIES = ", ".join(f"<{p}>" for p in RECORD_PROPERTIES)  # for FILTER(?p IN (…))


def summary_graph(store: Any) -> str | None:
    """The IRI of the store's summary graph (``kg.graph.summary``) when it holds one; None: read the union.

    The summary states once what the union repeats in every file naming a document, so records read
    from it cost the same whatever the number of mentions.
    """
    iris = getattr(store, "iris", None)
    if iris is None:
        return None
    graph = str(iris.graph(SUMMARY_GRAPH))
    return graph if bool(_union_query(store, f"ASK {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")) else None


def records(store: Any, iris: Iterable[str]) -> dict[str, DocumentRecord]:
    """The record of each document IRI (those the store does not know come back with only their IRI)."""
    out: dict[str, DocumentRecord] = {}
    summary = summary_graph(store)
    for batch in _batches(iris):
        stated, cited = _summarised_facts(store, batch, summary) if summary else (
            _stated_facts(store, batch), _times_cited(store, batch))
        facts = _facts(store, batch, stated, summary)
        quotes = _unresolved_quotes(store, [i for i in batch if str(PK.UnresolvedReference) in facts[i].get(str(RDF.type), {})])
        for iri in batch:
            out[iri] = _record(iri, facts[iri], cited.get(iri, 0), quotes.get(iri))
    return out


Fact = tuple[str, str, str, int]  # (document, property, value, graphs stating it)


def _stated_facts(store: Any, batch: Sequence[str]) -> list[Fact]:
    """Every (document, property, value) of the record's properties and the number of graphs stating it,
    read from the union (plain grouped patterns: expressions per quad cost more than patterns in Oxigraph)."""
    rows = select(store, f"""SELECT ?d ?p ?o (COUNT(*) AS ?n) WHERE {{
        {_values("d", batch)} GRAPH ?g {{ ?d ?p ?o }} FILTER(?p IN ({_RECORD_PROPERTIES})) }} GROUP BY ?d ?p ?o""")
    return [(r["d"], r["p"], str(r["o"]), r["n"]) for r in rows]


def _summarised_facts(store: Any, batch: Sequence[str], summary: str) -> tuple[list[Fact], dict[str, int]]:
    """What ``_stated_facts`` and ``_times_cited`` give, read from the summary graph: one triple per document."""
    graph = _iri(summary)
    rows = select(store, f"""SELECT ?d ?facts ?cited WHERE {{ {_values("d", batch)}
        OPTIONAL {{ GRAPH {graph} {{ ?d pk:recordFacts ?facts }} }}
        OPTIONAL {{ GRAPH {graph} {{ ?d pk:citingDocuments ?cited }} }} }}""")
    facts = [(r["d"], p, value, n) for r in rows if r["facts"]
             for p, values in json.loads(r["facts"]).items() for value, n in values.items()]
    return facts, {r["d"]: r["cited"] for r in rows if r["cited"]}


def _facts(store: Any, batch: Sequence[str], stated: Sequence[Fact],
           summary: str | None) -> dict[str, dict[str, dict[str, tuple[int, int]]]]:
    """IRI → property → value → (best rank, count): rank 0 its own file, 1 the catalog, 2 a mention.

    Which file is a document's own is asked only where the sources disagree, which is rare.
    """
    in_catalog = {(r["d"], r["p"], str(r["o"])) for r in select(store, f"""SELECT ?d ?p ?o WHERE {{
        {_values("d", batch)} GRAPH {_iri(str(store.catalog_graph))} {{ ?d ?p ?o }} }}""")}
    names = _org_names(store, {o for _, p, o, _ in stated if p == str(ELI.passed_by)}, summary)
    facts: dict[str, dict[str, dict[str, tuple[int, int]]]] = {i: defaultdict(dict) for i in batch}
    for d, p, o, n in stated:
        value = names.get(o, o) if p == str(ELI.passed_by) else o
        rank = 1 if (d, p, o) in in_catalog else 2
        seen = facts[d][p].get(value)
        facts[d][p][value] = (rank, n) if seen is None else (min(seen[0], rank), seen[1] + n)
    disputed = [d for d, props in facts.items() if any(len(v) > 1 for p, v in props.items() if p != str(DCTERMS.title))]
    for d, p, o in _own_facts(store, disputed):
        value = names.get(o, o) if p == str(ELI.passed_by) else o
        if value in facts[d][p]:
            facts[d][p][value] = (0, facts[d][p][value][1])
    return facts


def _org_names(store: Any, orgs: Iterable[str], summary: str | None) -> dict[str, str]:
    """Issuing body IRI → its name (the least skos:prefLabel), from the summary graph when there is one."""
    out: dict[str, str] = {}
    pattern = "?o skos:prefLabel ?n"
    if summary:
        pattern = f"GRAPH {_iri(summary)} {{ {pattern} }}"
    for batch in _batches(orgs):
        out.update((r["o"], r["name"]) for r in select(
            store, f"SELECT ?o (MIN(?n) AS ?name) WHERE {{ {_values('o', batch)} {pattern} }} GROUP BY ?o"))
    return out


def _own_facts(store: Any, docs: Sequence[str]) -> list[tuple[str, str, str]]:
    """(document, property, value) as each document's own file states them."""
    if not docs:
        return []
    own = select(store, f"SELECT ?d ?f WHERE {{ {_values('d', docs)} ?f foaf:primaryTopic ?d }}")
    if not own:
        return []
    pairs = " ".join(f"({_iri(r['d'])} {_iri(r['f'])})" for r in own)
    rows = select(store, f"""SELECT ?d ?p ?o WHERE {{ VALUES (?d ?g) {{ {pairs} }} GRAPH ?g {{ ?d ?p ?o }}
                             FILTER(?p IN ({_RECORD_PROPERTIES})) }}""")
    return [(r["d"], r["p"], str(r["o"])) for r in rows]


def _times_cited(store: Any, batch: Sequence[str]) -> dict[str, int]:
    rows = select(store, f"""SELECT ?d (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {_values("d", batch)} ?x eli:cites ?d }}
                             GROUP BY ?d""")
    return {r["d"]: r["n"] for r in rows}


def _unresolved_quotes(store: Any, batch: Sequence[str]) -> dict[str, str]:
    """What the text says for each unresolved reference (its first mention's quote)."""
    if not batch:
        return {}
    rows = select(store, f"""SELECT ?d (MIN(?q) AS ?quote) WHERE {{ {_values("d", batch)}
        ?c cito:hasCitedEntity ?d . ?a oa:hasBody ?c ; oa:hasTarget/oa:hasSelector/oa:exact ?q }} GROUP BY ?d""")
    return {r["d"]: " ".join(r["quote"].split()) for r in rows if r["quote"]}


def _ordered(values: dict[str, tuple[int, int]], longest: bool = False) -> tuple[str, ...]:
    """Values best first: own file, catalog, mentions; then most frequent (or longest); then by text."""
    return tuple(sorted(values, key=lambda v: (values[v][0], -len(v) if longest else 0, -values[v][1], v)))


def _record(iri: str, facts: dict[str, dict[str, tuple[int, int]]], times_cited: int, quote: str | None) -> DocumentRecord:
    def first(prop: Any, longest: bool = False) -> str | None:
        values = _ordered(facts.get(str(prop), {}), longest)
        return values[0] if values else None

    types = facts.get(str(RDF.type), {})
    kind = "unresolved" if str(PK.UnresolvedReference) in types else "copy" if str(PK.Copy) in types else "document"
    type_iri = first(ELI.type_document)
    code = _type_code(type_iri) if type_iri else None
    term_iri = first(PK.term)
    scope = first(PK.scope)
    term = _term_name(term_iri) if term_iri else (scope if scope and scope.isalpha() and scope.isupper() else None)
    label = first(RDFS.label) or ""
    if kind == "unresolved" and (not label or label.startswith("ref/")) and quote:
        label = quote
    titles = _ordered(facts.get(str(DCTERMS.title), {}), longest=True)
    return DocumentRecord(
        iri=iri, kind=kind, label=label, symbol=first(ELI.id_local), type=code,
        type_word=first(PK.typeWord) or _type_word(code), number=first(ELI.number),
        issuer=first(ELI.passed_by), date=first(ELI.date_document), term=term, level=first(PK.level),
        title=titles[0] if titles else None, times_cited=times_cited,
        issuers=_ordered(facts.get(str(ELI.passed_by), {})), dates=tuple(sorted(facts.get(str(ELI.date_document), {}))),
        titles=titles, note=first(SKOS.note), candidates=tuple(sorted(facts.get(str(PK.candidate), {}))),
        copy_of=first(ELI.is_another_publication_of),
    )


# ---- citations

_CITATION_FIELDS = """
  OPTIONAL { ?c pk:relation ?relation } OPTIONAL { ?c pk:planned ?planned } OPTIONAL { ?c pk:cue ?cue }
  OPTIONAL { ?c pk:resolutionMethod ?method } OPTIONAL { ?c pk:confidence ?confidence }
  OPTIONAL { ?c pk:mentions ?mentions } OPTIONAL { ?c pk:statedIn ?statedIn }
  OPTIONAL { ?c prov:wasDerivedFrom ?source }"""


def _citation(r: dict[str, Any]) -> Citation:
    return Citation(iri=r["c"], citing=r["citing"], cited=r["cited"], relation=relation_name(r["relation"]),
                    planned=bool(r["planned"]), cue=r["cue"], method=r["method"], confidence=r["confidence"],
                    mentions=r["mentions"] or 0, stated_in=r["statedIn"], source=r["source"])


def citations_of(store: Any, iris: Iterable[str], direction: str) -> list[Citation]:
    """The citations made by (``up``) or made to (``down``) the documents ``iris``, without evidence."""
    var = "citing" if direction == "up" else "cited"
    out: list[Citation] = []
    for batch in _batches(iris):
        out += [_citation(r) for r in select(store, f"""
            SELECT ?c ?citing ?cited ?relation ?planned ?cue ?method ?confidence ?mentions ?statedIn ?source WHERE {{
              {_values(var, batch)}
              ?c cito:hasCitingEntity ?citing ; cito:hasCitedEntity ?cited . {_CITATION_FIELDS}
            }}""")]
    return sorted(out, key=lambda c: c.iri)


def citations_between(store: Any) -> list[Citation]:
    """Every citation in the store, without evidence (the whole graph's edges)."""
    rows = select(store, f"""
        SELECT ?c ?citing ?cited ?relation ?planned ?cue ?method ?confidence ?mentions ?statedIn ?source WHERE {{
          ?c a cito:Citation ; cito:hasCitingEntity ?citing ; cito:hasCitedEntity ?cited . {_CITATION_FIELDS}
        }}""")
    return sorted((_citation(r) for r in rows), key=lambda c: c.iri)


def copies_of(store: Any, iris: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(copy, original) pairs: every copy in the store, or the copies of ``iris``."""
    if iris is None:
        rows = select(store, "SELECT ?copy ?orig WHERE { ?copy eli:is_another_publication_of ?orig }")
    else:
        rows = [r for batch in _batches(iris) for r in select(
            store, f"SELECT ?copy ?orig WHERE {{ {_values('orig', batch)} ?copy eli:is_another_publication_of ?orig }}")]
    return sorted((r["copy"], r["orig"]) for r in rows)


def source_paths(store: Any, graphs: Iterable[str]) -> dict[str, str]:
    """Graph (source file) IRI → the path it was built from (the first in order when two files are equal)."""
    out: dict[str, str] = {}
    for batch in _batches(graphs):
        for r in select(store, f"SELECT ?g ?path WHERE {{ {_values('g', batch)} ?e pk:graph ?g ; pk:path ?path }}"):
            if r["g"] not in out or r["path"] < out[r["g"]]:
                out[r["g"]] = r["path"]
    return out


def _span(sentence: str | None, quote: str, prefix: str | None, nth: int = 0) -> tuple[int, int] | None:
    """Where the quote sits in its sentence (whitespace compared as single spaces, as sentences are stored):
    after its prefix when that is known, else its ``nth`` occurrence."""
    if not sentence:
        return None
    q = " ".join(quote.split())
    if prefix:
        p = " ".join(prefix.split()) if prefix.strip() else prefix
        at = sentence.find(p + q)
        if at >= 0:
            return at + len(p), at + len(p) + len(q)
    at = -1
    for _ in range(nth + 1):
        found = sentence.find(q, at + 1)
        if found < 0:
            break
        at = found
    return (at, at + len(q)) if at >= 0 else None


def _repeated(sentence: str | None, quote: str) -> bool:
    """True when the quote occurs more than once in its sentence (then only its order tells which)."""
    q = " ".join(quote.split())
    return bool(sentence) and sentence.count(q) > 1


def _occurrences(store: Any, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Annotation → which occurrence of its quote in its sentence it is, for quotes a sentence repeats:
    the order of the file offsets of every mention of that quote in that sentence of that file."""
    groups = {(r["source"], r["sentence"]) for r in rows if r["sentence"] and not r["prefix"] and _repeated(r["sentence"], r["exact"])}
    if not groups:
        return {}
    pairs = " ".join(f"({_iri(src)} {ox_literal(sentence, 'vi')})" for src, sentence in sorted(groups))
    siblings = select(store, f"""SELECT DISTINCT ?source ?sentence ?exact ?a ?start WHERE {{ VALUES (?source ?sentence) {{ {pairs} }}
        ?a pk:sentence ?sentence ; oa:hasTarget ?t . ?t oa:hasSource ?source ; oa:hasSelector ?q , ?pos .
        ?q oa:exact ?exact . ?pos oa:start ?start }}""")
    by_group: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    for r in siblings:
        by_group[(r["source"], r["sentence"], " ".join(r["exact"].split()))].append((r["start"], r["a"]))
    return {a: i for group in by_group.values() for i, (_, a) in enumerate(sorted(group))}


def ox_literal(text: str, language: str | None = None) -> str:
    """A literal as a SPARQL term (Oxigraph's escaping)."""
    import pyoxigraph as ox

    return str(ox.Literal(text, language=language) if language else ox.Literal(text))


def evidence_of(store: Any, citations: Iterable[str]) -> dict[str, tuple[Evidence, ...]]:
    """Citation IRI → its mentions as Evidence, in the order of the text."""
    rows = _evidence_rows(store, citations)
    return _evidence(store, rows, source_paths(store, {r["source"] for r in rows}))


def _evidence_rows(store: Any, citations: Iterable[str]) -> list[dict[str, Any]]:
    """One row per (citation, mention): the annotation's sentence, quote, offsets, footnote and source file."""
    rows: list[dict[str, Any]] = []
    for batch in _batches(citations):
        rows += select(store, f"""
            SELECT ?c ?a ?sentence ?exact ?prefix ?start ?end ?inFootnote ?footnote ?source WHERE {{
              {_values("c", batch)}
              ?a oa:hasBody ?c ; oa:hasTarget ?t . ?t oa:hasSource ?source .
              ?t oa:hasSelector ?q . ?q oa:exact ?exact . ?t oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end .
              OPTIONAL {{ ?q oa:prefix ?prefix }} OPTIONAL {{ ?a pk:sentence ?sentence }}
              OPTIONAL {{ ?a pk:inFootnote ?inFootnote }} OPTIONAL {{ ?a pk:footnote ?footnote }}
            }}""")
    return rows


def _evidence(store: Any, rows: Sequence[dict[str, Any]], paths: dict[str, str]) -> dict[str, tuple[Evidence, ...]]:
    """The rows of ``_evidence_rows`` as Evidence per citation, in the order of the text."""
    nth = _occurrences(store, rows)
    out: dict[str, list[Evidence]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (r["c"], r["source"], r["start"] if r["start"] is not None else -1)):
        out[r["c"]].append(Evidence(
            sentence=r["sentence"], quote=r["exact"], span=_span(r["sentence"], r["exact"], r["prefix"], nth.get(r["a"], 0)),
            start=r["start"], end=r["end"], in_footnote=bool(r["inFootnote"]), footnote=r["footnote"],
            source=r["source"], path=paths.get(r["source"]), annotation=r["a"]))
    return {c: tuple(e) for c, e in out.items()}


def with_evidence(store: Any, citations: Sequence[Citation]) -> list[Citation]:
    """The citations with their evidence and their source file's path filled in (the paths in one read)."""
    from dataclasses import replace

    rows = _evidence_rows(store, [c.iri for c in citations])
    paths = source_paths(store, {r["source"] for r in rows} | {c.source for c in citations if c.source})
    evidence = _evidence(store, rows, paths)
    return [replace(c, evidence=evidence.get(c.iri, ()), path=paths.get(c.source or "")) for c in citations]


# ---- lookup

def lookup(store: Any, symbol: str, *, term: str | None = None, date: str | Date | None = None) -> DocumentRecord:
    """The one document a symbol (``18-NQ/TW``, ``18-NQ/TW (XII)``), label, IRI or source file names.

    ``term`` (``XII``) or ``date`` (``2017-10-25``; failing an exact match, the term in force that
    day) choose between same-symbol documents. Raises AmbiguousSymbol (naming the candidates, never
    merging them) or UnknownSymbol.
    """
    text, term = _split_term(unicodedata.normalize("NFC", symbol.strip()), term)
    candidates = records(store, _candidates(store, text))
    if not candidates:
        raise UnknownSymbol(f"no document {symbol!r} in the store")
    chosen = _choose(list(candidates.values()), term, date_text(date))
    if not chosen:
        known = ", ".join(c.describe() + (f" [{c.term}]" if c.term else "") for c in candidates.values())
        wanted = " and ".join(x for x in (f"term {term}" if term else "", f"date {date}" if date else "") if x)
        raise UnknownSymbol(f"no document {text} with {wanted} in the store (it has: {known})")
    if len(chosen) > 1:
        raise AmbiguousSymbol(text, sorted(chosen, key=lambda c: (roman_to_int(c.term or "") or 0, c.date or "", c.iri)))
    return chosen[0]


def _split_term(text: str, term: str | None) -> tuple[str, str | None]:
    """``26-NQ/TW (XII)`` → (``26-NQ/TW``, ``XII``), the form of the documents' labels."""
    if text.endswith(")") and " (" in text:
        head, _, tail = text[:-1].rpartition(" (")
        if tail.isalpha() and tail.isupper():
            return head.strip(), term or tail
    return text, term


def _candidates(store: Any, text: str) -> list[str]:
    """IRIs of the documents a text may name: an IRI, a symbol, a label, a source file."""
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://")):
        rows = select(store, f"SELECT ?d WHERE {{ BIND({_iri(text)} AS ?d) FILTER EXISTS {{ ?d a ?type }} }}")
        return [r["d"] for r in rows]
    literal = _literal(text)
    rows = select(store, f"SELECT DISTINCT ?d WHERE {{ {{ ?d eli:id_local {literal} }} UNION {{ ?d rdfs:label {literal} }} }}")
    if not rows and "-" in text:
        number, _, rest = text.partition("-")
        if number.isdigit():
            padded = _literal(f"{int(number):02d}-{rest}")
            rows = select(store, f"""SELECT DISTINCT ?d WHERE {{ ?d eli:id_local ?s .
                FILTER(?s = {padded} || LCASE(?s) = LCASE({literal}) || LCASE(?s) = LCASE({padded})) }}""")
    if not rows and "." in text:  # a source file: its path or file name
        rows = select(store, f"""SELECT DISTINCT ?d WHERE {{ ?e pk:path ?path ; pk:graph ?g .
            FILTER(?path = {literal} || STRENDS(?path, CONCAT("/", {literal})))
            GRAPH ?g {{ ?g foaf:primaryTopic ?d }} }}""")
    return sorted(r["d"] for r in rows)


def _literal(text: str) -> str:
    return ox_literal(text)


def _choose(candidates: list[DocumentRecord], term: str | None, date: str | None) -> list[DocumentRecord]:
    if term:
        candidates = [c for c in candidates if (c.term or "").upper() == term.upper()]
    if date:
        exact = [c for c in candidates if date in c.dates]
        by_term = [c for c in candidates if c.term and c.term == term_of(date)]
        candidates = exact or by_term
    return candidates


def filters(relations: Iterable[str] | str | None = None, terms: Iterable[str] | str | None = None,
            issuers: Iterable[str] | str | None = None) -> tuple[frozenset[str] | None, ...]:
    """Filter arguments (a name or several) as frozensets; issuers case-folded; unknown relations refused."""
    def as_set(value: Iterable[str] | str | None) -> frozenset[str] | None:
        if value is None:
            return None
        return frozenset([value] if isinstance(value, str) else value)

    rels = as_set(relations)
    unknown = sorted((rels or frozenset()) - set(RELATIONS) - set(_FAMILIES))
    if unknown:
        raise ValueError(f"unknown relation {', '.join(unknown)}; choose from {', '.join(RELATIONS + tuple(_FAMILIES))}")
    folded = as_set(issuers)
    return rels, as_set(terms), frozenset(_fold(i) for i in folded) if folded is not None else None


@dataclass
class _Cache:
    """Records already read during one walk (so each document is read once)."""

    store: Any
    known: dict[str, DocumentRecord] = field(default_factory=dict)

    def get(self, iris: Iterable[str]) -> dict[str, DocumentRecord]:
        missing = [i for i in dict.fromkeys(iris) if i not in self.known]
        if missing:
            self.known.update(records(self.store, missing))
        return self.known
