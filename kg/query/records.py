"""The documents and citations of a store as plain records, read in batches with a few SPARQL queries each.

Every function here takes a batch of IRIs and costs a few queries per batch, whatever the store's
size: the indexes of Oxigraph answer ``?c cito:hasCitingEntity <doc>`` without a scan. Those that
read for the whole graph (``citations_between``, ``scan=True``) scan one property at a time instead.
The queries are plain triple patterns joined here (see ``_properties``). They run over the union of
the store's graphs (the manifest is read only for the paths of source files).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from itertools import product
from operator import itemgetter
from typing import Any, TypeVar
from urllib.parse import unquote

from kg.graph.build import CITATION_ROW, EDGE_PROPERTIES
from kg.graph.namespaces import (
    CITO,
    DCTERMS,
    ELI,
    FOAF,
    OA,
    PK,
    PROV,
    RDF,
    RDFS,
    RELATION,
    SKOS,
    TERM,
    TYPE,
)
from kg.graph.summary import (
    CITING_DOCUMENTS,
    RECORD_FACTS,
    RECORD_PROPERTIES,
    SUMMARY_GRAPH,
)
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
T = TypeVar("T")



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
    place: str | None = None
    times_cited: int = 0
    status: str | None = None   # in force: replaced, repealed or amended (kg.status_in_force); None: no change known
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
    convert = _CONVERTERS.get(datatype.value.rsplit("#", 1)[-1])
    if convert is None:
        return term.value
    try:
        return convert(term.value)
    except ValueError:
        return term.value


def _boolean(text: str) -> bool:
    return text in {"true", "1"}


_CONVERTERS = {**dict.fromkeys(("integer", "int", "long", "nonNegativeInteger", "positiveInteger"), int),
               **dict.fromkeys(("decimal", "double", "float"), float), "boolean": _boolean}


def select(store: Any, sparql: str) -> list[dict[str, Any]]:
    """Rows of a SELECT over the union of the store's graphs, values as Python values (see ``_python``)."""
    result = _union_query(store, sparql)
    names = [v.value for v in result.variables]
    return [{n: _python(row[n]) for n in names} for row in result]


def _iri(value: str) -> str:
    """An IRI as a SPARQL term; refuses what is not an IRI (no splicing of arbitrary text)."""
    import pyoxigraph as ox

    return str(ox.NamedNode(value))


def _batches(items: Iterable[T]) -> Iterator[list[T]]:
    """The items (each once) in lists of up to _BATCH."""
    batch: list[T] = []
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


_ISO_PREFIX = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")


def date_text(value: str | Date | None) -> str | None:
    """A date filter as ISO text (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), from what users write: ``2018-05-19``,
    ``19/5/2018``, ``5/2018``, ``2018``. Anything else is a ValueError naming the forms: compared as text, ``19/5/2018``
    would keep documents of 2004."""
    if value is None or isinstance(value, Date):
        return value.isoformat() if isinstance(value, Date) else None
    text = value.strip()
    if m := _DAY_MONTH_YEAR.match(text):
        text = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    elif m := _MONTH_YEAR.match(text):
        text = f"{m[2]}-{int(m[1]):02d}"
    try:
        if not _ISO_PREFIX.match(text):
            raise ValueError(text)
        Date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        raise ValueError(f"not a date: {value!r} (write 2018-05-19, 19/5/2018, 2018-05 or 2018)") from None
    return text


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


def records(store: Any, iris: Iterable[str], scan: bool = False) -> dict[str, DocumentRecord]:
    """The record of each document IRI (those the store does not know come back with only their IRI).

    ``scan`` reads the summary graph's per-document triples whole (for records of most of the store's
    documents) instead of looking them up a batch at a time.
    """
    out: dict[str, DocumentRecord] = {}
    summary = summary_graph(store)
    summarised = _properties(store, _SUMMARISED, graph=summary) if summary and scan else None
    names = _org_names(store, None, summary) if summary and scan else None  # every body's, read once
    for batch in _batches(iris):
        stated, cited, statuses = _summarised_facts(
            summarised or _properties(store, _SUMMARISED, batch, graph=summary), batch) if summary else (
            _stated_facts(store, batch), _times_cited(store, batch), {})
        facts = _facts(store, batch, stated, summary, names)
        quotes = _unresolved_quotes(store, [i for i in batch if str(PK.UnresolvedReference) in facts[i].get(str(RDF.type), {})])
        for iri in batch:
            out[iri] = _record(iri, facts[iri], cited.get(iri, 0), quotes.get(iri), statuses.get(iri))
    return out


Fact = tuple[str, str, str, int, int | None]  # (document, property, value, graphs stating it, rank if known)


def _stated_facts(store: Any, batch: Sequence[str]) -> list[Fact]:
    """Every (document, property, value) of the record's properties and the number of graphs stating it,
    read from the union (plain grouped patterns: expressions per quad cost more than patterns in Oxigraph)."""
    rows = select(store, f"""SELECT ?d ?p ?o (COUNT(*) AS ?n) WHERE {{
        {_values("d", batch)} GRAPH ?g {{ ?d ?p ?o }} FILTER(?p IN ({_RECORD_PROPERTIES})) }} GROUP BY ?d ?p ?o""")
    return [(r["d"], r["p"], str(r["o"]), r["n"], None) for r in rows]


_SUMMARISED = (RECORD_FACTS, CITING_DOCUMENTS, PK.status)


def _summarised_facts(summarised: Properties, batch: Sequence[str]) -> tuple[list[Fact], dict[str, int], dict[str, str]]:
    """What ``_stated_facts`` and ``_times_cited`` give, from the summary graph's triples (``_SUMMARISED``), and each
    document's status in force (``replaced``, ``repealed``, ``amended``) where the summary states one."""
    facts = [(d, p, value, *(counted if isinstance(counted, list) else (counted, None)))  # a bare count: no rank
             for d in batch for text in summarised.get(d, {}).get(str(RECORD_FACTS), ())[:1]
             for p, values in json.loads(text).items() for value, counted in values.items()]
    cited = {d: _one(summarised[d].get(str(CITING_DOCUMENTS))) for d in batch
             if summarised.get(d, {}).get(str(CITING_DOCUMENTS))}
    statuses = {d: str(_one(summarised[d][str(PK.status)])).rsplit("/", 1)[-1] for d in batch
                if summarised.get(d, {}).get(str(PK.status))}
    return facts, cited, statuses


def _facts(store: Any, batch: Sequence[str], stated: Sequence[Fact], summary: str | None,
           names: dict[str, str] | None = None) -> dict[str, dict[str, dict[str, tuple[int, int]]]]:
    """IRI → property → value → (best rank, count): rank 0 its own file, 1 the catalog, 2 a mention.

    The summary graph states each value's rank. Facts read from the union have none: then the catalog's are looked
    up, and which file is a document's own is asked only where the sources disagree, which is rare. ``names``: the
    bodies' names read once for every batch (else they are looked up for this batch).
    """
    unranked = any(rank is None for *_, rank in stated)
    in_catalog = {(r["d"], r["p"], str(r["o"])) for r in select(store, f"""SELECT ?d ?p ?o WHERE {{
        {_values("d", batch)} GRAPH {_iri(str(store.catalog_graph))} {{ ?d ?p ?o }} }}""")} if unranked else set()
    if names is None:
        names = _org_names(store, {o for _, p, o, *_ in stated if p in _BODIES}, summary)
    facts: dict[str, dict[str, dict[str, tuple[int, int]]]] = {i: defaultdict(dict) for i in batch}
    for d, p, o, n, rank in stated:
        value = names.get(o, o) if p in _BODIES else o
        if rank is None:
            rank = 1 if (d, p, o) in in_catalog else 2
        seen = facts[d][p].get(value)
        facts[d][p][value] = (rank, n) if seen is None else (min(seen[0], rank), seen[1] + n)
    if not unranked:
        return facts
    disputed = {d: ps for d, props in facts.items()
                if (ps := [p for p, v in props.items() if len(v) > 1 and p not in _UNRANKED])}
    for d, p, o in _own_facts(store, disputed):
        value = names.get(o, o) if p in _BODIES else o
        if value in facts[d][p]:
            facts[d][p][value] = (0, facts[d][p][value][1])
    return facts


# properties whose values are not chosen by rank (types are tested for membership, candidates listed sorted):
# a document with several values of them needs no reading of its own file
_UNRANKED = frozenset(str(p) for p in (RDF.type, PK.candidate))
_BODIES = frozenset(str(p) for p in (ELI.passed_by, ELI.publisher_agent))  # values are organisations, shown by name


def _org_names(store: Any, orgs: Iterable[str] | None, summary: str | None) -> dict[str, str]:
    """Issuing body IRI → its name (the least skos:prefLabel), from the summary graph when there is one; every
    body's when ``orgs`` is None (one scan), else a lookup per batch."""
    pattern = "?o skos:prefLabel ?n"
    if summary:
        pattern = f"GRAPH {_iri(summary)} {{ {pattern} }}"
    heads = [""] if orgs is None else [_values("o", batch) for batch in _batches(orgs)]
    return {r["o"]: r["name"] for head in heads for r in select(
        store, f"SELECT ?o (MIN(?n) AS ?name) WHERE {{ {head} {pattern} }} GROUP BY ?o")}


def _own_facts(store: Any, disputed: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(document, property, value) as each document's own file states them, for the properties asked of each."""
    asked = [(d, f, p) for f, d in _pairs(store, FOAF.primaryTopic, disputed) for p in disputed[d]]
    out: list[tuple[str, str, str]] = []
    for batch in _batches(asked):
        rows = " ".join(f"({_iri(d)} {_iri(f)} {_iri(p)})" for d, f, p in batch)
        out += [(r["d"], r["p"], str(r["o"])) for r in select(
            store, f"SELECT ?d ?p ?o WHERE {{ VALUES (?d ?g ?p) {{ {rows} }} GRAPH ?g {{ ?d ?p ?o }} }}")]
    return out


def _times_cited(store: Any, batch: Sequence[str]) -> dict[str, int]:
    rows = select(store, f"""SELECT ?d (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {_values("d", batch)} ?x eli:cites ?d }}
                             GROUP BY ?d""")
    return {r["d"]: r["n"] for r in rows}


def _unresolved_quotes(store: Any, batch: Sequence[str]) -> dict[str, str]:
    """What the text says for each unresolved reference (its first mention's quote)."""
    if not batch:
        return {}
    rows = select(store, f"""SELECT ?d (MIN(?q) AS ?quote) WHERE {{ {_values("d", batch)}
        ?c cito:hasCitedEntity ?d . ?a oa:hasBody ?c ; pk:quote ?q }} GROUP BY ?d""")
    return {r["d"]: " ".join(r["quote"].split()) for r in rows if r["quote"]}


def _ordered(values: dict[str, tuple[int, int]], longest: bool = False) -> tuple[str, ...]:
    """Values best first: own file, catalog, mentions; then most frequent (or longest); then by text."""
    return tuple(sorted(values, key=_precedence(values, longest)))


def _precedence(values: dict[str, tuple[int, int]], longest: bool = False) -> Any:
    """The sort key of ``_ordered``."""
    return lambda v: (values[v][0], -len(v) if longest else 0, -values[v][1], v)


def _record(iri: str, facts: dict[str, dict[str, tuple[int, int]]], times_cited: int, quote: str | None,
            status: str | None = None) -> DocumentRecord:
    def first(prop: Any) -> str | None:
        values = facts.get(str(prop))
        return min(values, key=_precedence(values)) if values else None

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
    body = ELI.publisher_agent if kind == "copy" else ELI.passed_by  # a copy's body copied it, it did not pass it
    return DocumentRecord(
        iri=iri, kind=kind, label=label, symbol=first(PK.symbol), type=code,
        type_word=first(PK.typeWord) or _type_word(code), number=first(ELI.number),
        issuer=first(body), date=first(ELI.date_document), term=term, level=first(PK.level),
        title=titles[0] if titles else None, place=first(PK.place),
        times_cited=times_cited, status=status,
        issuers=_ordered(facts.get(str(body), {})), dates=tuple(sorted(facts.get(str(ELI.date_document), {}))),
        titles=titles, note=first(SKOS.note), candidates=tuple(sorted(facts.get(str(PK.candidate), {}))),
        copy_of=first(ELI.is_another_publication_of),
    )


# ---- plain lookups, joined here
#
# Oxigraph 0.5 answers one triple pattern fast (an index scan, or a lookup per IRI of a VALUES block
# of up to _BATCH) but joins slowly, above all OPTIONAL: the 11,000 citations of 2,000 synthetic documents
# took 4.5 s as one query with OPTIONALs, under 1 s as a scan per property. So these read plain patterns
# and join in Python. What remains is decoding: ~5 µs per IRI read, whatever the query.

def _pairs(store: Any, prop: Any, objects: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(subject, object) of the triples ``?s prop ?o`` whose object is one of ``objects`` (every one when None)."""
    query = f"SELECT ?s ?o WHERE {{ {{values}} ?s {_iri(str(prop))} ?o }}"
    if objects is None:
        return [(r["s"].value, r["o"].value) for r in _union_query(store, query.replace("{values}", ""))]
    return [(r["s"].value, r["o"].value) for batch in _batches(objects)
            for r in _union_query(store, query.replace("{values}", _values("o", batch)))]


Properties = dict[str, dict[str, list[Any]]]  # subject → property IRI → its values (Python values, see _python)


def _properties(store: Any, props: Iterable[Any], subjects: Iterable[str] | None = None,
                graph: str | None = None, via: Any = None) -> Properties:
    """The values of ``props`` of each of ``subjects`` (a lookup per batch), or of every subject (a scan per
    property), in the union or in ``graph``. With ``via``, of each subject ``?s via ?x`` with ``?x`` one of
    ``subjects`` instead (a join of two plain patterns per batch: the subjects are not read apart)."""
    wanted = {str(p) for p in props}
    out: Properties = defaultdict(lambda: defaultdict(list))

    def pattern(prop: str) -> str:
        return f"GRAPH {_iri(graph)} {{ ?s {prop} ?o }}" if graph else f"?s {prop} ?o"

    # one property asked: in the pattern (a document named in a thousand files has thousands of other triples);
    # several: filtered before their values are decoded
    asked = _iri(next(iter(wanted))) if len(wanted) == 1 else "?p"
    only = "" if len(wanted) == 1 else f"FILTER(?p IN ({', '.join(_iri(p) for p in sorted(wanted))}))"
    if subjects is None:
        for prop in sorted(wanted):
            convert = _value if prop in _IRI_VALUED else _python
            for r in _union_query(store, f"SELECT ?s ?o WHERE {{ {pattern(_iri(prop))} }}"):
                out[r["s"].value][prop].append(convert(r["o"]))
        return out
    for batch in _batches(subjects):
        head = _values("s", batch) if via is None else f"{_values('x', batch)} ?s {_iri(str(via))} ?x ."
        for r in _union_query(store, f"SELECT ?s ?p ?o WHERE {{ {head} {pattern(asked)} {only} }}"):
            prop = r["p"].value if asked == "?p" else next(iter(wanted))
            values = out[r["s"].value][prop]
            if prop in wanted and (value := _python(r["o"])) not in values:  # via several ?x: the same rows again
                values.append(value)
    return out


def _value(term: Any) -> str:
    """An IRI as a string (``_python`` without the test for a datatype, for properties whose values are IRIs)."""
    return term.value


def _one(values: Sequence[Any] | None) -> Any:
    """One value of a property that has one (the least, should a store hold several); None when it has none."""
    return min(values) if values else None


# ---- citations

_CITING, _CITED = str(CITO.hasCitingEntity), str(CITO.hasCitedEntity)
_IRI_VALUED = frozenset(str(p) for p in (CITO.hasCitingEntity, CITO.hasCitedEntity, PK.relation, PK.statedIn,
                                         PROV.wasDerivedFrom, OA.hasBody, OA.hasTarget, OA.hasSource))
_CITATION_PROPERTIES = CITATION_ROW


def _citations(props: Properties, iris: Iterable[str]) -> list[Citation]:
    """The citation nodes ``iris`` from their properties, one Citation per (citing, cited) they name, sorted."""
    out = []
    for c in dict.fromkeys(iris):
        p = props.get(c, {})
        one = {str(prop): _one(p.get(str(prop))) for prop in _CITATION_PROPERTIES[2:]}
        for citing, cited in product(sorted(set(p.get(_CITING, ()))), sorted(set(p.get(_CITED, ())))):
            out.append(Citation(
                iri=c, citing=citing, cited=cited, relation=relation_name(one[str(PK.relation)]),
                planned=bool(one[str(PK.planned)]), cue=one[str(PK.cue)], method=one[str(PK.resolutionMethod)],
                confidence=one[str(PK.confidence)], mentions=one[str(PK.mentions)] or 0,
                stated_in=one[str(PK.statedIn)], source=one[str(PROV.wasDerivedFrom)]))
    return sorted(out, key=lambda c: c.iri)


def _citation_properties(store: Any, subjects: Iterable[str] | None = None, via: Any = None) -> Properties:
    """``_properties(store, _CITATION_PROPERTIES, subjects, via=via)``, read from each citation node's
    ``pk:citationRow``: one value a citation instead of a dozen triples (Oxigraph's cost follows the terms a query
    reads). A citation without a row (its graph written before there were rows) is read from its triples."""
    rows: dict[str, str] = {}
    missing: list[str] = []
    if subjects is None:
        rows = {r["c"].value: r["row"].value for r in _union_query(
            store, f"SELECT ?c ?row WHERE {{ ?c {_CITATION_ROW} ?row }}")}
        missing = [r["c"].value for r in _union_query(store, "SELECT ?c WHERE { ?c a cito:Citation }")
                   if r["c"].value not in rows]
    else:
        for batch in _batches(subjects):
            head = _values("c", batch) if via is None else f"{_values('x', batch)} ?c {_iri(str(via))} ?x ."
            for r in _union_query(store, f"SELECT DISTINCT ?c ?row WHERE {{ {head} OPTIONAL {{ ?c {_CITATION_ROW} ?row }} }}"):
                if r["row"] is None:
                    missing.append(r["c"].value)
                else:
                    rows[r["c"].value] = r["row"].value
    out: Properties = defaultdict(lambda: defaultdict(list))
    for c, row in rows.items():
        out[c] = defaultdict(list, zip(_CITATION_KEYS, json.loads(row)))
    if missing:
        out.update(_properties(store, _CITATION_PROPERTIES, missing))
    return out


_CITATION_ROW = f"<{PK.citationRow}>"
_CITATION_KEYS = tuple(str(p) for p in CITATION_ROW)


def citations_of(store: Any, iris: Iterable[str], direction: str) -> list[Citation]:
    """The citations made by (``up``) or made to (``down``) the documents ``iris``, without evidence."""
    props = _citation_properties(store, iris, via=CITO.hasCitingEntity if direction == "up" else CITO.hasCitedEntity)
    return _citations(props, props)


def citations_by_iri(store: Any, iris: Iterable[str]) -> list[Citation]:
    """The citation nodes ``iris`` (cito:Citation IRIs), without evidence."""
    wanted = list(dict.fromkeys(iris))
    return _citations(_citation_properties(store, wanted), wanted)


def citation_page(store: Any, iri: str, direction: str, limit: int, offset: int = 0) -> tuple[list[str], int]:
    """A page of the citation IRIs made by (``up``) or to (``down``) the document ``iri``, in the store's index
    order, and how many there are in all: a page costs the same whether the document is cited ten times or
    ten thousand."""
    prop = "cito:hasCitingEntity" if direction == "up" else "cito:hasCitedEntity"
    total = select(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c {prop} {_iri(iri)} }}")[0]["n"]
    rows = select(store, f"SELECT DISTINCT ?c WHERE {{ ?c {prop} {_iri(iri)} }} LIMIT {int(limit)} OFFSET {int(offset)}")
    return [r["c"] for r in rows], total


def citations_among(store: Any, iris: Iterable[str]) -> list[Citation]:
    """The citations from one of the documents ``iris`` to another, without evidence."""
    inside = set(iris)
    made = _citation_properties(store, inside, via=CITO.hasCitingEntity)
    found = [c for c, p in made.items() if inside.intersection(p[_CITED])]
    return [c for c in _citations(made, found) if c.cited in inside]


def citations_between(store: Any) -> list[Citation]:
    """Every citation in the store, without evidence (the whole graph's edges): a scan."""
    props = _citation_properties(store)
    return _citations(props, [c for c, p in props.items() if _CITING in p and _CITED in p])


# ---- the best-connected documents

def most_cited(store: Any, count: int) -> list[str]:
    """The ``count`` most cited documents, most cited first: by distinct citing documents, then mentions, then
    label and IRI, without unresolved references (``queries/most-cited.rq``'s order). Read from the summary
    graph's ranking (a lookup per row), else counted live (a pass over every citation)."""
    summary = summary_graph(store)
    return _ranked_in_summary(store, summary, count) if summary else _ranked_live(store)[:count]


def _ranked_in_summary(store: Any, summary: str, count: int) -> list[str]:
    """The first ``count`` documents of the summary's ranking (it has a row per label: a document may repeat)."""
    limit = count
    while True:
        rows = select(store, f"""SELECT ?rank ?doc WHERE {{ GRAPH {_iri(summary)} {{
            ?row pk:mostCitedRank ?rank . FILTER(?rank <= {int(limit)}) ?row pk:document ?doc }} }}""")
        docs = list(dict.fromkeys(r["doc"] for r in sorted(rows, key=lambda r: r["rank"])))
        if len(docs) >= count or len(rows) < limit:
            return docs[:count]
        limit *= 2


def _ranked_live(store: Any) -> list[str]:
    """Every cited document in the summary's ranking order, counted as ``queries/most-cited-live.rq`` does."""
    rows = select(store, """SELECT ?doc (COUNT(DISTINCT ?citer) AS ?citing) (SUM(?m) AS ?mentions) WHERE {
        ?c a cito:Citation ; cito:hasCitedEntity ?doc ; cito:hasCitingEntity ?citer ; pk:mentions ?m .
        FILTER NOT EXISTS { ?doc a pk:UnresolvedReference } } GROUP BY ?doc""")
    labels = _properties(store, [RDFS.label], [r["doc"] for r in rows])

    def key(row: dict[str, Any]) -> tuple:
        label = min(labels.get(row["doc"], {}).get(str(RDFS.label), ()), default=None)
        return -row["citing"], -row["mentions"], label is not None, label or "", row["doc"]

    return [r["doc"] for r in sorted(rows, key=key)]


def citing_counts(store: Any, iris: Iterable[str]) -> dict[str, int]:
    """Document → how many of the documents ``iris`` it cites (only documents citing one of them)."""
    out: dict[str, int] = defaultdict(int)
    for batch in _batches(iris):
        for r in select(store, f"""SELECT ?x (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {_values("d", batch)}
                ?c cito:hasCitedEntity ?d ; cito:hasCitingEntity ?x }} GROUP BY ?x"""):
            out[r["x"]] += r["n"]
    return dict(out)


def document_count(store: Any) -> int:
    """How many documents a citation or a copy touches: the nodes of the whole graph (counted, not read)."""
    rows = select(store, """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        { ?c cito:hasCitingEntity ?d } UNION { ?c cito:hasCitedEntity ?d }
        UNION { ?d eli:is_another_publication_of ?o } UNION { ?x eli:is_another_publication_of ?d } }""")
    return rows[0]["n"]


def copies_of(store: Any, iris: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(copy, original) pairs: every copy in the store, or the copies of ``iris``."""
    return sorted(set(_pairs(store, ELI.is_another_publication_of, iris)))


def source_paths(store: Any, graphs: Iterable[str] | None = None) -> dict[str, str]:
    """Graph (source file) IRI → the path it was built from (the first in order when two files are equal);
    every graph's when ``graphs`` is None."""
    out: dict[str, str] = {}
    for entry in _properties(store, [PK.graph, PK.path], graphs, via=None if graphs is None else PK.graph).values():
        for graph, path in product(entry.get(str(PK.graph), ()), entry.get(str(PK.path), ())):
            if graph not in out or path < out[graph]:
                out[graph] = path
    return out


def _span(sentence: str | None, quote: str, nth: int = 0) -> tuple[int, int] | None:
    """Where the quote sits in its sentence (whitespace compared as single spaces, as sentences are stored): its
    ``nth`` occurrence there."""
    if not sentence:
        return None
    q = " ".join(quote.split())
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
    """Annotation → which occurrence of its quote in its sentence it is, for quotes a sentence repeats: the order
    of the file offsets of the mentions of that quote whose target is that sentence."""
    sentences = sorted({r["t"] for r in rows if _repeated(r["sentence"], r["quote"])})
    if not sentences:
        return {}
    siblings = _properties(store, (PK.quote, PK.start, OA.hasTarget), sentences, via=OA.hasTarget)
    by_group: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for a, props in siblings.items():
        quote, start = _one(props.get(str(PK.quote))), _one(props.get(str(PK.start)))
        if quote is not None and start is not None:
            for t in set(props.get(str(OA.hasTarget), ())):
                by_group[(t, " ".join(quote.split()))].append((start, a))
    return {a: i for group in by_group.values() for i, (_, a) in enumerate(sorted(group))}


def ox_literal(text: str, language: str | None = None) -> str:
    """A literal as a SPARQL term (Oxigraph's escaping)."""
    import pyoxigraph as ox

    return str(ox.Literal(text, language=language) if language else ox.Literal(text))


def evidence_of(store: Any, citations: Iterable[str]) -> dict[str, tuple[Evidence, ...]]:
    """Citation IRI → its mentions as Evidence, in the order of the text."""
    rows = _evidence_rows(store, citations)
    return _evidence(store, rows, source_paths(store, {r["source"] for r in rows}))


_ANNOTATION_PROPERTIES = (OA.hasBody, OA.hasTarget, PK.quote, PK.start)
_SENTENCE_PROPERTIES = (OA.hasSource, PK.sentence, PK.inFootnote, PK.footnote)


def _evidence_rows(store: Any, citations: Iterable[str], scan: bool = False) -> list[dict[str, Any]]:
    """One row per (citation, mention): the annotation's quote and offset, its sentence's words, footnote and file.

    ``scan`` reads every annotation of the store (a scan per property, for the whole graph) and keeps
    those of ``citations``; else they are looked up, a batch at a time, in one join: Oxigraph's cost follows
    the terms a query reads, and the join reads each value once where a property scan reads the subject and
    property with it (23 → 14 ms for the 322 mentions of a lineage of 300 paths in the 100k store).
    """
    wanted = set(citations)
    if not scan:
        return sorted(_evidence_joined(store, wanted), key=itemgetter("c", "a", "t", "source"))
    annotations = _properties(store, _ANNOTATION_PROPERTIES)
    sentences = _properties(store, _SENTENCE_PROPERTIES)
    return [row for a, props in annotations.items() for c in sorted(set(props.get(str(OA.hasBody), ())))
            if c in wanted for row in _mention_rows(c, a, props, sentences)]


_EVIDENCE_JOIN = """SELECT ?c ?a ?t ?quote ?start ?source ?inFootnote ?sentence ?footnote WHERE {
    {values} ?a oa:hasBody ?c ; oa:hasTarget ?t ; pk:quote ?quote ; pk:start ?start .
    ?t oa:hasSource ?source ; pk:inFootnote ?inFootnote .
    OPTIONAL { ?t pk:sentence ?sentence } OPTIONAL { ?t pk:footnote ?footnote } }"""


_EVIDENCE_NAMES = ("c", "a", "t", "quote", "start", "source", "inFootnote", "sentence", "footnote")


def _evidence_joined(store: Any, citations: set[str]) -> Iterator[dict[str, Any]]:
    """The rows of ``_evidence_rows`` looked up by citation: one per (citation, annotation, sentence, file), the
    least value where a store holds several (as ``_mention_rows`` takes them)."""
    rows: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for batch in _batches(sorted(citations)):
        for found in _union_query(store, _EVIDENCE_JOIN.replace("{values}", _values("c", batch))):
            c, a, t, quote, start, source, in_footnote, sentence, footnote = (
                None if (v := found[name]) is None else v.value for name in _EVIDENCE_NAMES)
            r = {"c": c, "a": a, "t": t, "quote": quote, "start": int(start), "source": source,
                 "inFootnote": in_footnote in ("true", "1"), "sentence": sentence,
                 "footnote": footnote if footnote is None else int(footnote)}  # the writer's datatypes: no test each
            key = (c, a, t, source)
            seen = rows.setdefault(key, r)
            if seen is not r:
                for name in ("quote", "start", "inFootnote", "sentence", "footnote"):
                    seen[name] = _one([v for v in (seen[name], r[name]) if v is not None])
    return iter(rows.values())


def _mention_rows(c: str, a: str, annotation: dict[str, list[Any]], sentences: Properties) -> Iterator[dict[str, Any]]:
    """The rows of one annotation: one per sentence it targets and file that sentence is in (one of each)."""
    def get(props: dict[str, list[Any]], prop: Any) -> Any:
        return _one(props.get(str(prop)))

    quote = get(annotation, PK.quote)
    if quote is None:
        return
    for t in sorted(set(annotation.get(str(OA.hasTarget), ()))):
        sentence = sentences.get(t, {})
        for source in sorted(set(sentence.get(str(OA.hasSource), ()))):
            yield {"c": c, "a": a, "t": t, "quote": quote, "start": get(annotation, PK.start),
                   "sentence": get(sentence, PK.sentence), "inFootnote": get(sentence, PK.inFootnote),
                   "footnote": get(sentence, PK.footnote), "source": source}


def _evidence(store: Any, rows: Sequence[dict[str, Any]], paths: dict[str, str]) -> dict[str, tuple[Evidence, ...]]:
    """The rows of ``_evidence_rows`` as Evidence per citation, in the order of the text."""
    nth = _occurrences(store, rows)
    out: dict[str, list[Evidence]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (r["c"], r["source"], r["start"] if r["start"] is not None else -1)):
        out[r["c"]].append(Evidence(
            sentence=r["sentence"], quote=r["quote"], span=_span(r["sentence"], r["quote"], nth.get(r["a"], 0)),
            start=r["start"], end=r["start"] + len(r["quote"]) if r["start"] is not None else None, in_footnote=bool(r["inFootnote"]), footnote=r["footnote"],
            source=r["source"], path=paths.get(r["source"]), annotation=r["a"]))
    return {c: tuple(e) for c, e in out.items()}


def with_evidence(store: Any, citations: Sequence[Citation], scan: bool = False) -> list[Citation]:
    """The citations with their evidence and their source file's path filled in (the paths in one read);
    ``scan``: read the store's annotations whole (cheaper when the citations are most of the store's)."""
    from dataclasses import replace

    rows = _evidence_rows(store, [c.iri for c in citations], scan)
    graphs = {r["source"] for r in rows} | {c.source for c in citations if c.source}
    paths = source_paths(store, None if scan else graphs)
    evidence = _evidence(store, rows, paths)
    return [replace(c, evidence=evidence.get(c.iri, ()), path=paths.get(c.source or "")) for c in citations]


# ---- lookup

def lookup(store: Any, symbol: str, *, term: str | None = None, date: str | Date | None = None) -> DocumentRecord:
    """The one document a symbol (``18-NQ/TW``, ``18-NQ/TW (XII)``), label, IRI or source file names.

    ``term`` (``XII``) or ``date`` (``2017-10-25``; failing an exact match, the term in force that
    day) choose between same-symbol documents. Raises AmbiguousSymbol (naming the candidates, never
    merging them) or UnknownSymbol.
    """
    text, term = split_term(unicodedata.normalize("NFC", symbol.strip()), term)
    candidates = records(store, _candidates(store, text))
    if not candidates:
        raise UnknownSymbol(f"no document {symbol!r} in the store")
    chosen = choose_candidates(list(candidates.values()), term, date_text(date))
    if not chosen:
        known = ", ".join(c.describe() + (f" [{c.term}]" if c.term else "") for c in candidates.values())
        wanted = " and ".join(x for x in (f"term {term}" if term else "", f"date {date}" if date else "") if x)
        raise UnknownSymbol(f"no document {text} with {wanted} in the store (it has: {known})")
    if len(chosen) > 1:
        raise AmbiguousSymbol(text, sorted(chosen, key=lambda c: (roman_to_int(c.term or "") or 0, c.date or "", c.iri)))
    return chosen[0]


def split_term(text: str, term: str | None) -> tuple[str, str | None]:
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
    rows = select(store, f"SELECT DISTINCT ?d WHERE {{ {{ ?d pk:symbol {literal} }} UNION {{ ?d rdfs:label {literal} }} }}")
    if not rows and "-" in text:
        number, _, rest = text.partition("-")
        if number.isdigit():
            padded = _literal(f"{int(number):02d}-{rest}")
            rows = select(store, f"""SELECT DISTINCT ?d WHERE {{ ?d pk:symbol ?s .
                FILTER(?s = {padded} || LCASE(?s) = LCASE({literal}) || LCASE(?s) = LCASE({padded})) }}""")
    if not rows and "." in text:  # a source file: its path or file name
        rows = select(store, f"""SELECT DISTINCT ?d WHERE {{ ?e pk:path ?path ; pk:graph ?g .
            FILTER(?path = {literal} || STRENDS(?path, CONCAT("/", {literal})))
            GRAPH ?g {{ ?g foaf:primaryTopic ?d }} }}""")
    return sorted(r["d"] for r in rows)


def _literal(text: str) -> str:
    return ox_literal(text)


def choose_candidates(candidates: list[DocumentRecord], term: str | None, date: str | None) -> list[DocumentRecord]:
    """The candidates a symbol's term or date picks (several when they do not decide)."""
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
class RecordCache:
    """Records already read during one walk (so each document is read once)."""

    store: Any
    known: dict[str, DocumentRecord] = field(default_factory=dict)

    def get(self, iris: Iterable[str], scan: bool = False) -> dict[str, DocumentRecord]:
        missing = [i for i in dict.fromkeys(iris) if i not in self.known]
        if missing:
            self.known.update(records(self.store, missing, scan))
        return self.known
