"""Vocabularies and the IRI scheme: every node gets a deterministic, readable IRI; no blank nodes.

Data IRIs live under a configurable base (``DEFAULT_BASE``); vocabulary IRIs (``PK`` and the
concept schemes) are fixed, so that graphs built under different bases share one ontology.
Keys are kept readable: Vietnamese letters stay as they are (IRIs allow them), and only what an
IRI cannot hold is percent-encoded (see ``iri_path``).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace

from kg.rules.lexicon import slug

__all__ = [
    "CITO", "DCTERMS", "DEFAULT_BASE", "ELI", "FOAF", "Iris", "OA", "ONTOLOGY", "ORG", "OWL", "PK", "PREFIXES",
    "PROV", "RDF", "RDFS", "RELATION", "SKOS", "STATUS", "TERM", "TYPE", "XSD", "iri_path",
]

DEFAULT_BASE = "https://w3id.org/party-kg/"
ONTOLOGY = URIRef("https://w3id.org/party-kg/ontology")


class ELI(DefinedNamespace):
    """The European Legislation Identifier ontology: the terms party-kg uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True
    LegalResource: URIRef
    cites: URIRef
    based_on: URIRef
    changes: URIRef
    amends: URIRef
    repeals: URIRef
    ensures_implementation_of: URIRef
    number: URIRef
    date_document: URIRef
    passed_by: URIRef
    publisher_agent: URIRef
    type_document: URIRef
    is_another_publication_of: URIRef


class CITO(DefinedNamespace):
    """The Citation Typing Ontology: citation nodes."""

    _NS = Namespace("http://purl.org/spar/cito/")
    _fail = True
    Citation: URIRef
    hasCitingEntity: URIRef
    hasCitedEntity: URIRef
    hasCitationCharacterization: URIRef


class OA(DefinedNamespace):
    """The Web Annotation vocabulary: the evidence of each mention."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True
    Annotation: URIRef
    SpecificResource: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef


class PK(DefinedNamespace):
    """party-kg's own terms (ontology/party.ttl), only where no reused term fits."""

    _NS = Namespace("https://w3id.org/party-kg/ontology#")
    _fail = True
    # classes
    Document: URIRef
    UnresolvedReference: URIRef
    Copy: URIRef
    SourceFile: URIRef
    Term: URIRef
    # relations between documents
    implements: URIRef
    continues: URIRef
    guides: URIRef
    concretizes: URIRef
    reviews: URIRef
    inherits: URIRef
    replaces: URIRef
    # document properties
    symbol: URIRef
    register: URIRef
    scope: URIRef
    term: URIRef
    plenum: URIRef
    level: URIRef
    typeWord: URIRef
    place: URIRef
    signer: URIRef
    recipient: URIRef
    copyKind: URIRef
    sha256: URIRef
    # citation nodes and evidence
    relation: URIRef
    edgeProperty: URIRef
    cue: URIRef
    planned: URIRef
    resolutionMethod: URIRef
    confidence: URIRef
    mentions: URIRef
    Sentence: URIRef
    quote: URIRef
    start: URIRef
    sentence: URIRef
    inFootnote: URIRef
    footnote: URIRef
    statedIn: URIRef
    candidate: URIRef
    # the summary graph ({base}graph/summary, kg.graph.summary): what the file graphs repeat, said once
    citingDocuments: URIRef
    citingMentions: URIRef
    mostCitedRank: URIRef
    document: URIRef
    documentLabel: URIRef
    recordFacts: URIRef
    citationRow: URIRef
    StatusStatement: URIRef
    status: URIRef
    statusOf: URIRef
    statusBy: URIRef
    statusSince: URIRef
    # bookkeeping of the store (graph {base}graph/manifest; never exported)
    ManifestEntry: URIRef
    path: URIRef
    graph: URIRef
    digest: URIRef
    extractorVersion: URIRef
    # concept schemes
    DocumentTypes: URIRef
    Relations: URIRef
    Terms: URIRef


def _as_attributes(*namespaces: type[DefinedNamespace]) -> None:
    """Store each declared term as a class attribute, so that ``PK.cue`` is a plain attribute lookup instead of a
    call of DefinedNamespaceMeta.__getattr__ (half a microsecond; the graph stage makes hundreds per file).

    The values are the URIRefs the namespace's own (cached) lookup returns, so nothing else changes; rdflib's
    namespaces that party-kg uses get the same treatment.
    """
    for ns in namespaces:
        for name in ns.__annotations__:
            setattr(ns, name, ns[name])


_as_attributes(ELI, CITO, OA, PK, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD)

TYPE = Namespace("https://w3id.org/party-kg/ontology/type/")  # TYPE["dang/NQ"], TYPE["nha-nuoc/NĐ"], TYPE["sao/SY"]
RELATION = Namespace("https://w3id.org/party-kg/ontology/relation/")  # RELATION.implements
TERM = Namespace("https://w3id.org/party-kg/ontology/term/")  # TERM.XIII
STATUS = Namespace("https://w3id.org/party-kg/ontology/status/")  # STATUS.replaced, STATUS.repealed, STATUS.amended

PREFIXES: dict[str, Namespace | str] = {
    "pk": PK._NS, "eli": ELI._NS, "cito": CITO._NS, "oa": OA._NS, "org": ORG, "prov": PROV,
    "skos": SKOS, "dcterms": DCTERMS, "foaf": FOAF, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
}

# ASCII characters an IRI path segment may hold as they are (RFC 3987 iunreserved, sub-delims, ':', '@')
_SAFE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@")


def _iri_char_ok(ch: str) -> bool:
    """True for a character an IRI path segment holds unencoded: safe ASCII, or a non-ASCII letter/digit/mark."""
    if ch in _SAFE_ASCII:
        return True
    return ord(ch) > 0x7F and unicodedata.category(ch)[0] in "LMN"


class _IriPathChars(dict):
    """``str.translate`` table: code point → the character itself or its %XX (UTF-8), worked out once per character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = ch if ch == "/" or _iri_char_ok(ch) else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        self[code] = out
        return out


_IRI_PATH_CHARS = _IriPathChars()


def iri_path(key: str) -> str:
    """``key`` as an IRI path: NFC, '/' kept as the separator, anything an IRI cannot hold as %XX (UTF-8).

    Vietnamese letters stay readable (``dang/ĐUK@…/VI/KL/158``); spaces, ``%``, ``?``, ``#``,
    ``<>"{}|\\^``` ``, controls and non-letter symbols are encoded; ``.``/``..`` segments too.
    """
    path = unicodedata.normalize("NFC", key).translate(_IRI_PATH_CHARS)
    if "." not in path:
        return path
    return "/".join(s.replace(".", "%2E") if s in {".", ".."} else s for s in path.split("/"))


@lru_cache(maxsize=65536)
def type_concept(jurisdiction: str, code: str) -> URIRef:
    """The SKOS concept of a type code in a jurisdiction's scheme (``dang``, ``nha-nuoc``, ``sao``)."""
    return TYPE[f"{jurisdiction}/{iri_path(code)}"]


@lru_cache(maxsize=65536)
def relation_concept(relation: str) -> URIRef:
    """The SKOS concept of a relation name (``implements``)."""
    return RELATION[iri_path(relation)]


@lru_cache(maxsize=65536)
def term_concept(term: str) -> URIRef:
    """The SKOS concept of a Central Committee term (``XIII``)."""
    return TERM[iri_path(term.upper())]


@lru_cache(maxsize=65536)
def _document_path(key: str) -> str:
    """The path of a document's IRI under the base: ``eli/{key}``, or ``ref/…`` for an unresolved reference."""
    return iri_path(key) if key.startswith("ref/") else "eli/" + iri_path(key)


@dataclass(frozen=True)
class Iris:
    """Minting of data IRIs under one base (ending in '/')."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", self.base):
            raise ValueError(f"base IRI needs a scheme (https://...): {self.base!r}")
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def document(self, key: str) -> URIRef:
        """A document: ``{base}eli/{key}``; an unresolved reference (key ``ref/…``): ``{base}ref/…``."""
        return self._iri(_document_path(key))

    def copy(self, document_key: str, register: str | None, number: int | str | None, index: int) -> URIRef:
        """A copy of a document: ``…/copy/<register>/<number>``, or ``…/copy/<n>`` (1-based) without a symbol."""
        tail = f"{iri_path(register)}/{number}" if register and number is not None else str(index + 1)
        return self._iri(f"{_document_path(document_key)}/copy/{tail}")

    def org(self, name: str) -> URIRef:
        """An issuing body: ``{base}org/<slug of its name>`` (a short hash of the name if it has no ASCII word)."""
        return self._iri("org/" + (slug(name) or "x" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]))

    def file(self, sha256: str) -> URIRef:
        """A source file, and the name of the graph of its triples: ``{base}file/<sha256>``."""
        return self._iri("file/" + sha256)

    def citation(self, sha256: str, n: int) -> URIRef:
        """The n-th citation a file states: ``{base}citation/<sha256>/<n>``."""
        return self._iri(f"citation/{sha256}/{n}")

    def annotation(self, sha256: str, reference: int) -> URIRef:
        """The annotation of a file's i-th reference (a mention): ``{base}annotation/<sha256>/<i>``."""
        return self._iri(f"annotation/{sha256}/{reference}")

    def sentence(self, sha256: str, reference: int) -> URIRef:
        """The sentence that holds a file's i-th reference, shared by the later ones it holds:
        ``{base}sentence/<sha256>/<i>``."""
        return self._iri(f"sentence/{sha256}/{reference}")

    def graph(self, name: str) -> URIRef:
        """A named graph that is not a file's: ``{base}graph/catalog``, ``{base}graph/manifest``."""
        return self._iri("graph/" + name)
