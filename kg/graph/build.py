"""Resolved data → triples: one rdflib Graph per source file (its named graph), and one for the catalog.

Takes only kg.model objects (FileResolution, Document, Citation). What a file says about a document
goes into that file's graph: its own record in full, and for each document it cites, what its
mentions say (date, title, issuer, type word). Identity facts (register, scope, type, number) are
derived from the key and so are equal in every graph that names the document: a file's graph leaves out
those the catalog's graph states (and a body's name), so a central document cited by a thousand files
has its identity stated once. Each mention is an annotation whose target is its sentence, a node stated
once for the mentions it holds.

Each graph is described once (``_describe_file``, ``_describe_catalog``) and written once, by ``_Writer``, as
statements keyed by their N-Triples lines (``file_statements``, ``catalog_statements``): the sorted lines
(``file_lines``, ``catalog_lines``) are what the build digests and loads, and the summary's share of a graph is
read from its statements (``kg.graph.summary.graph_facts``). The rdflib forms (``file_triples``, ``graph_for_file``,
``catalog_triples``, ``catalog_graph``) are those lines parsed.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Set as AbstractSet
from decimal import Decimal
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF

from kg.graph.namespaces import (
    CITO, DCTERMS, DEFAULT_BASE, ELI, OA, ORG, PK, PREFIXES, PROV, RDF, RDFS, SKOS, XSD,
    Iris, relation_concept, term_concept, type_concept,
)
from kg.graph.ntriples import NtIris, iri_value, nt_iri, nt_lang, nt_literal, nt_typed, parse_lines
from kg.model import Citation, Copy, Document, FileResolution, Record, Reference, Signer
from kg.rules.symbols import split_symbol

__all__ = ["CITATION_ROW", "EDGE_PROPERTIES", "Statement", "bind_prefixes", "catalog_graph", "catalog_lines",
           "catalog_statements", "catalog_triples", "edge_properties", "file_lines", "file_statements", "file_triples",
           "graph_for_file"]

Term = Any  # a term as N-Triples text (``<…>``, ``"…"@vi``), or a vocabulary URIRef (a class, a concept)

# relation → the properties of its direct edge: the typed one and all its ancestors (party.ttl's
# rdfs:subPropertyOf closure, checked by tests/test_graph.py), always ending with eli:cites
EDGE_PROPERTIES: dict[str, tuple[URIRef, ...]] = {
    "cites": (ELI.cites,),
    "based_on": (ELI.based_on, ELI.cites),
    "amends": (ELI.amends, ELI.changes, ELI.cites),
    "repeals": (ELI.repeals, ELI.changes, ELI.cites),
    "replaces": (PK.replaces, ELI.repeals, ELI.changes, DCTERMS.replaces, ELI.cites),
    "reviews": (PK.reviews, ELI.cites),
    "implements": (PK.implements, ELI.ensures_implementation_of, ELI.cites),
    "continues": (PK.continues, PK.implements, ELI.ensures_implementation_of, ELI.cites),
    "guides": (PK.guides, PK.implements, ELI.ensures_implementation_of, ELI.cites),
    "concretizes": (PK.concretizes, PK.implements, ELI.ensures_implementation_of, ELI.cites),
    "inherits": (PK.inherits, ELI.cites),
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_KIND_TYPES = {"charter": "charter", "platform": "platform"}
_LOCAL_LEVELS = {"TU": "tỉnh", "HU": "huyện"}  # the level word of a local congress's register code


def edge_properties(relation: str, planned: bool = False) -> tuple[URIRef, ...]:
    """The properties of a citation's direct edge; a planned citation gets eli:cites only."""
    if planned:
        return (ELI.cites,)
    return EDGE_PROPERTIES.get(relation, (ELI.cites,))


def bind_prefixes(g: Graph) -> Graph:
    """Bind party-kg's prefixes on ``g`` (rdflib's namespace manager) and return it."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


Statement = tuple[str, URIRef, Any]  # (subject, predicate, object): N-Triples text, and vocabulary terms as URIRefs


class _Writer:
    """Collects the statements of one graph, each by its N-Triples line ``<s> <p> <o> .`` (no duplicates), skipping
    empty values. Terms are made by the writer (``w.iris``, ``w.literal``, ``w.vi``…) as text; vocabulary terms
    (``PK.cue``, a class, a concept) are rdflib URIRefs, written through ``_VOCABULARY``."""

    def __init__(self, iris: Iris, shared: _Writer | None = None) -> None:
        self.iris = NtIris(iris.base)
        self.statements: dict[str, Statement] = {}
        self.shared = shared or self  # where what follows from a key or a name goes (the same in every graph)

    iri = staticmethod(nt_iri)
    literal = staticmethod(nt_literal)  # a plain string, xsd:boolean, xsd:integer or xsd:decimal literal
    typed = staticmethod(nt_typed)
    lang = staticmethod(nt_lang)

    def add(self, s: str, p: URIRef, o: Term | None) -> None:
        if o is not None:  # o: text this writer made, or a vocabulary URIRef (a class, a concept)
            self.statements[f"{s} {_VOCABULARY[p]} {o if type(o) is str else _VOCABULARY[o]} ."] = (s, p, o)

    def types(self, s: str, *classes: URIRef) -> None:
        for c in classes:
            self.statements[f"{s} {_RDF_TYPE} {_VOCABULARY[c]} ."] = (s, RDF.type, c)

    def date(self, value: str | None) -> Term | None:
        """An xsd:date (ISO) or xsd:gYear; None for anything else."""
        if not value:
            return None
        if _ISO_DATE.match(value):
            return self.typed(value, XSD.date)
        if _YEAR.match(value):
            return self.typed(value, XSD.gYear)
        return None

    def vi(self, text: str | None) -> Term | None:
        """Vietnamese text with its whitespace folded to single spaces; None when nothing is left."""
        text = _folded(text)
        return self.lang(text, "vi") if text else None

    def org(self, name: str | None) -> Term | None:
        """The issuing body named ``name`` (a node of its own); None without a name."""
        label = _folded(name)
        if not label:
            return None
        node = self.iris.org(label)
        self.shared.types(node, ORG.Organization, ORG.FormalOrganization)
        self.shared.add(node, SKOS.prefLabel, self.lang(label, "vi"))
        return node

    def term(self, term: str | None) -> URIRef | None:
        return term_concept(term) if term and _ROMAN.match(term.upper()) else None


class _Vocabulary(dict):
    """URIRef → its N-Triples text, worked out once per term (vocabulary terms and concepts recur in every graph)."""

    def __missing__(self, term: URIRef) -> str:
        text = self[term] = term.n3()
        return text


_VOCABULARY = _Vocabulary()
_RDF_TYPE = RDF.type.n3()


def _folded(text: str | None) -> str:
    """``text`` with runs of whitespace as single spaces, trimmed; '' for None."""
    return " ".join(text.split()) if text else ""


def _label(doc: Document) -> str:
    """A short display label that depends only on the document's identity."""
    if doc.kind == "charter":
        return "Điều lệ Đảng"
    if doc.kind == "platform":
        return "Cương lĩnh chính trị"
    if doc.kind == "congress":
        if doc.key.count("/") == 2:  # congress/TU@quang-nam/XXI: a province's or a district's own congress
            _, register, number = doc.key.split("/")
            code, _, place = register.partition("@")
            return f"Nghị quyết Đại hội {number} Đảng bộ {_LOCAL_LEVELS.get(code, code)} ({place})"
        return f"Nghị quyết Đại hội {doc.term}" if doc.term else "Nghị quyết Đại hội"
    if doc.symbol:
        scope = doc.identity.scope if doc.identity else doc.term
        return f"{doc.symbol} ({scope})" if scope else doc.symbol
    return doc.title or doc.key


def _type_concept(doc: Document) -> URIRef | None:
    if doc.kind in _KIND_TYPES:
        return type_concept("dang", _KIND_TYPES[doc.kind])
    if not doc.type:
        return None
    if doc.kind == "copy":
        return type_concept("sao", doc.type)
    jurisdiction = doc.identity.jurisdiction if doc.identity else ("nha-nuoc" if doc.level == "state" else "dang")
    return type_concept(jurisdiction, doc.type)


def _document_identity(w: _Writer, doc: Document, cls: URIRef | None = None) -> Term:
    """Type, label and the facts that follow from the document's key: the same in every graph."""
    node = w.iris.document(doc.key)
    cls = cls or (PK.UnresolvedReference if doc.kind == "unresolved" else PK.Copy if doc.kind == "copy" else PK.Document)
    w.types(node, cls, ELI.LegalResource)
    if doc.kind != "copy":
        w.add(node, RDFS.label, w.literal(_label(doc)))
    for candidate in doc.candidates:
        w.add(node, PK.candidate, w.iris.document(candidate))
    w.add(node, SKOS.note, w.vi(doc.note))
    w.add(node, PK.level, w.literal(doc.level) if doc.level else None)
    w.add(node, ELI.type_document, _type_concept(doc))
    if doc.kind != "unresolved":
        w.add(node, PK.symbol, w.literal(doc.symbol) if doc.symbol else None)
        number = doc.identity.number if doc.identity else doc.number
        w.add(node, ELI.number, w.literal(str(number)) if number is not None else None)
        if doc.identity:
            w.add(node, PK.register, w.literal(doc.identity.register))
            w.add(node, PK.scope, w.literal(doc.identity.scope))
        w.add(node, PK.term, w.term(doc.term))
        w.add(node, PK.plenum, w.literal(doc.plenum) if doc.plenum else None)
    return node


def _signers(w: _Writer, node: Term, signers: Iterable[Signer | str | None]) -> None:
    for s in signers:
        name = s.name if isinstance(s, Signer) else s
        w.add(node, PK.signer, w.vi(name))


def _own_record(w: _Writer, node: Term, record: Record | None) -> None:
    """What the file says about its own document: date, title, issuer, place, signers, recipients."""
    if record is None:
        return
    w.add(node, ELI.date_document, w.date(record.date))
    w.add(node, DCTERMS.title, w.vi(record.title))
    w.add(node, PK.typeWord, w.vi(record.type_word))
    w.add(node, ELI.passed_by, w.org(record.issuer))
    w.add(node, PK.place, w.vi(record.place))
    _signers(w, node, record.signers)
    for r in record.recipients:
        w.add(node, PK.recipient, w.vi(r))


def _copies(w: _Writer, original: Term, resolution: FileResolution) -> None:
    """Each copy stamp as its own resource, linked to the original by eli:is_another_publication_of.

    The resolver's copy documents (FileResolution.copies, in stamp order) give the IRI; the stamp
    (Record.copies) gives kind, place, signer and recipients.
    """
    record = resolution.extraction.document
    stamps = list(record.copies) if record else []
    documents: list[Document | None] = list(resolution.copies) or [None] * len(stamps)
    for i, doc in enumerate(documents):
        stamp = stamps[i] if i < len(stamps) else None
        if doc is not None:
            node = _document_identity(w, doc, PK.Copy)
            w.add(node, ELI.date_document, w.date(doc.date))
            w.add(node, ELI.publisher_agent, w.org(doc.issuer))
        elif stamp is not None:
            m = split_symbol(stamp.symbol)
            node = w.iris.copy(resolution.document.key, m.code if m else None, m.number if m else None, i)
            w.types(node, PK.Copy, ELI.LegalResource)
            if m:
                w.add(node, PK.symbol, w.literal(stamp.symbol))
                w.add(node, ELI.number, w.literal(str(m.number)))
                w.add(node, ELI.type_document, type_concept("sao", m.type))
        else:
            continue
        w.add(node, ELI.is_another_publication_of, original)
        if stamp is not None:
            _stamp(w, node, stamp)


def _stamp(w: _Writer, node: Term, stamp: Copy) -> None:
    """What a copy stamp says: kind, date, copying body, place, signer, recipients."""
    w.add(node, RDFS.label, w.literal(f"{stamp.kind} {stamp.symbol}" if stamp.symbol else stamp.kind))
    w.add(node, PK.copyKind, w.vi(stamp.kind))
    w.add(node, ELI.date_document, w.date(stamp.date))
    w.add(node, ELI.publisher_agent, w.org(stamp.org))  # the copying body makes it available; it did not pass it
    w.add(node, PK.place, w.vi(stamp.place))
    _signers(w, node, [stamp.signer])
    for r in stamp.recipients:
        w.add(node, PK.recipient, w.vi(r))


def _mention_facts(w: _Writer, node: Term, ref: Reference) -> None:
    """What one mention says about the document it names (its descriptive tail)."""
    w.add(node, ELI.date_document, w.date(ref.date))
    w.add(node, DCTERMS.title, w.vi(ref.title))
    w.add(node, PK.typeWord, w.vi(ref.type_word))
    w.add(node, ELI.passed_by, w.org(ref.issuer))


def _annotation(w: _Writer, node: Term, ref: Reference, sentence: Term) -> None:
    """One mention as an oa:Annotation whose target is its sentence: the quoted words and where they start in the
    file (they end ``len(quote)`` later: the quote is the text between)."""
    w.types(node, OA.Annotation)
    w.add(node, OA.hasTarget, sentence)
    w.add(node, PK.quote, w.literal(ref.text))
    w.add(node, PK.start, w.literal(ref.start))


def _sentence(w: _Writer, node: Term, ref: Reference, source: Term) -> None:
    """The sentence a mention stands in (one node for the mentions it holds): its file, its words, its footnote."""
    w.types(node, PK.Sentence)
    w.add(node, OA.hasSource, source)
    w.add(node, PK.sentence, w.vi(ref.sentence))
    w.add(node, PK.inFootnote, w.literal(bool(ref.in_footnote)))
    w.add(node, PK.footnote, w.literal(ref.footnote) if ref.footnote is not None else None)


def _sentence_keys(refs: list[Reference]) -> list[int]:
    """For each reference, the index of the first reference of its sentence (its words and footnote): whose IRI
    the sentence takes, so that it does not depend on the order citations are written in."""
    first: dict[tuple, int] = {}
    return [first.setdefault((ref.sentence, ref.in_footnote, ref.footnote), i) for i, ref in enumerate(refs)]


def _citation(w: _Writer, node: Term, c: Citation, source: Term) -> None:
    """The direct edge(s) and the cito:Citation node that carries how it was found, with its ``pk:citationRow``."""
    citing, cited = w.iris.document(c.citing), w.iris.document(c.cited)
    stated = w.iris.document(c.stated_in) if c.stated_in else None
    confidence = Decimal(str(round(float(c.confidence), 3)))
    for prop in edge_properties(c.relation, c.planned):
        w.add(citing, prop, cited)
    w.types(node, CITO.Citation)
    w.add(node, CITO.hasCitingEntity, citing)
    w.add(node, CITO.hasCitedEntity, cited)
    w.add(node, CITO.hasCitationCharacterization, edge_properties(c.relation, c.planned)[0])
    w.add(node, PK.relation, relation_concept(c.relation))
    w.add(node, PK.cue, w.vi(c.cue))
    w.add(node, PK.planned, w.literal(bool(c.planned)))
    w.add(node, PK.resolutionMethod, w.literal(c.method))
    w.add(node, PK.confidence, w.literal(confidence))
    w.add(node, PK.mentions, w.literal(len(c.references)))
    w.add(node, PK.statedIn, stated)
    w.add(node, PROV.wasDerivedFrom, source)
    row = (iri_value(citing), iri_value(cited), str(relation_concept(c.relation)), bool(c.planned),
           _folded(c.cue) or None, c.method, float(confidence), len(c.references), iri_value(stated) if stated else None,
           iri_value(source))
    w.add(node, PK.citationRow, w.literal(json.dumps([[v] if v is not None else [] for v in row], ensure_ascii=False,
                                                     separators=(",", ":"))))


# what a citation node states, in the order of its pk:citationRow (a JSON array of a list of values per property),
# which kg.query.records reads a Citation from in one value instead of a dozen triples
CITATION_ROW = (CITO.hasCitingEntity, CITO.hasCitedEntity, PK.relation, PK.planned, PK.cue, PK.resolutionMethod,
                PK.confidence, PK.mentions, PK.statedIn, PROV.wasDerivedFrom)


def _as_graph(identifier: URIRef, triples: Iterable[tuple]) -> Graph:
    g = bind_prefixes(Graph(identifier=identifier))
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


def _as_iris(base: str | Iris) -> Iris:
    return base if isinstance(base, Iris) else Iris(base)


def graph_for_file(resolution: FileResolution, base: str | Iris = DEFAULT_BASE) -> Graph:
    """The named graph ``{base}file/<sha256>`` of one resolved source file, as an rdflib Graph."""
    iris = _as_iris(base)
    return _as_graph(iris.file(resolution.extraction.sha256 or ""), file_triples(resolution, iris))


def file_triples(resolution: FileResolution, base: str | Iris = DEFAULT_BASE,
                 catalog: AbstractSet[str] = frozenset()) -> set[tuple]:
    """The triples of the named graph ``{base}file/<sha256>`` of one resolved source file (``file_lines`` parsed)."""
    return parse_lines(file_lines(resolution, base, catalog))


def file_lines(resolution: FileResolution, base: str | Iris = DEFAULT_BASE,
               catalog: AbstractSet[str] = frozenset()) -> list[str]:
    """The named graph of one resolved source file as sorted N-Triples lines (the build's path).

    ``catalog``: the lines of the catalog's graph (``catalog_lines``). What follows from a document's key (type,
    label, symbol, register…) or a body's name that the catalog's graph states is not stated again in the file's:
    the union is the same.
    """
    return sorted(file_statements(resolution, base, catalog))


def file_statements(resolution: FileResolution, base: str | Iris = DEFAULT_BASE,
                    catalog: AbstractSet[str] = frozenset()) -> dict[str, Statement]:
    """The statements of one resolved source file's graph by their N-Triples lines (``file_lines`` is their lines,
    sorted; ``kg.graph.summary`` reads its share from the statements)."""
    iris = _as_iris(base)
    w = _Writer(iris, shared=_Writer(iris))
    _describe_file(w, resolution)
    shared = w.shared.statements
    return w.statements | ({line: st for line, st in shared.items() if line not in catalog} if catalog else shared)


def _describe_file(w: _Writer, resolution: FileResolution) -> None:
    """Write the graph of one resolved file: the file, its document, copies, cited documents, citations, mentions;
    the identity of the documents it names (what follows from their keys) into ``w.shared``."""
    iris = w.iris
    extraction = resolution.extraction
    if not extraction.sha256:
        raise ValueError(f"{extraction.source}: a file without a sha256 has no graph")
    sha = extraction.sha256
    source = iris.file(sha)
    w.types(source, PK.SourceFile, PROV.Entity)
    w.add(source, PK.sha256, w.literal(sha))

    own = _document_identity(w.shared, resolution.document)
    w.add(source, FOAF.primaryTopic, own)
    _own_record(w, own, extraction.document)
    _copies(w, own, resolution)

    documents = {resolution.document.key: resolution.document}
    for doc in resolution.cited:
        documents.setdefault(doc.key, doc)
        if doc.key != resolution.document.key:
            _document_identity(w.shared, doc)

    refs = extraction.references
    sentence_of = _sentence_keys(refs)
    stated: set[int] = set()
    annotations: dict[int, Term] = {}
    for n, c in enumerate(resolution.citations):
        for key in (c.citing, c.cited):
            if key not in documents:  # a citation to a document the resolution did not list: still typed
                documents[key] = _stub(key)
                _document_identity(w.shared, documents[key])
        node = iris.citation(sha, n)
        _citation(w, node, c, source)
        for i in c.references:
            if not 0 <= i < len(refs):
                continue
            if i not in annotations:
                first = sentence_of[i]
                sentence = iris.sentence(sha, first)
                annotations[i] = iris.annotation(sha, i)
                _annotation(w, annotations[i], refs[i], sentence)
                if first not in stated:  # a sentence once, for the mentions it holds
                    stated.add(first)
                    _sentence(w, sentence, refs[first], source)
            w.add(annotations[i], OA.hasBody, node)
            if c.stated_in is None:  # a direct citation's mentions all name its cited document
                _mention_facts(w, iris.document(c.cited), refs[i])


def _stub(key: str) -> Document:
    return Document(key=key, kind="unresolved" if key.startswith("ref/") else "document",
                    level="unresolved" if key.startswith("ref/") else "")


def catalog_graph(documents: Iterable[Document], base: str | Iris = DEFAULT_BASE) -> Graph:
    """The named graph ``{base}graph/catalog``: what the catalog says about each of its documents."""
    iris = _as_iris(base)
    return _as_graph(iris.graph("catalog"), catalog_triples(documents, iris))


def catalog_triples(documents: Iterable[Document], base: str | Iris = DEFAULT_BASE) -> set[tuple]:
    """The triples of the catalog's named graph (``catalog_lines`` parsed)."""
    return parse_lines(catalog_lines(documents, base))


def catalog_lines(documents: Iterable[Document], base: str | Iris = DEFAULT_BASE) -> list[str]:
    """The catalog's named graph as sorted N-Triples lines."""
    return sorted(catalog_statements(documents, base))


def catalog_statements(documents: Iterable[Document], base: str | Iris = DEFAULT_BASE) -> dict[str, Statement]:
    """The statements of the catalog's named graph by their N-Triples lines."""
    w = _Writer(_as_iris(base))
    _describe_catalog(w, documents)
    return w.statements


def _describe_catalog(w: _Writer, documents: Iterable[Document]) -> None:
    """Write what the catalog says about each of its documents: identity, date, title, issuer, source pages."""
    for doc in documents:
        node = _document_identity(w, doc)
        w.add(node, ELI.date_document, w.date(doc.date))
        w.add(node, DCTERMS.title, w.vi(doc.title))
        w.add(node, ELI.passed_by, w.org(doc.issuer))
        for d in doc.descriptions:
            if d.origin == "catalog" and d.source.startswith(("http://", "https://")):
                w.add(node, DCTERMS.source, w.iri(d.source))
