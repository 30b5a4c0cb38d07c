"""N-Triples text of the terms the graph stage writes, made without rdflib objects (the build's fast path).

Every function returns exactly what rdflib's ``.n3()`` gives for the same term, except that line
breaks in a literal are escaped, as N-Triples requires (``nt_term``, which ``kg.store.nt_lines`` uses
too): ``nt_literal(v) == Literal(v).n3()``, ``nt_typed(s, dt) == Literal(s, datatype=dt).n3()``,
``nt_lang(s, l) == Literal(s, lang=l).n3()``, ``nt_iri(s) == URIRef(s).n3()``. Values outside the fast paths are handed to rdflib itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier
from rdflib.namespace import XSD

from kg.graph.namespaces import Iris

__all__ = ["NtIris", "iri_value", "nt_iri", "nt_lang", "nt_literal", "nt_term", "nt_typed", "parse_lines", "quote"]

_INVALID_IRI_CHAR = re.compile(r'[<>" {}|\\^`]')  # what rdflib's URIRef.n3 refuses
_BOOLEAN = {True: f'"true"^^<{XSD.boolean}>', False: f'"false"^^<{XSD.boolean}>'}
_INTEGER = f"^^<{XSD.integer}>"
_DECIMAL = f"^^<{XSD.decimal}>"
# lexical forms rdflib keeps as they are (its parse-and-reprint gives them back), by datatype
_CANONICAL = {
    XSD.date: re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    XSD.gYear: re.compile(r"[0-9]{4}"),
}


def quote(text: str) -> str:
    """A lexical form in quotes, escaped as N-Triples needs: rdflib's ``.n3()`` but for line breaks, which it
    writes raw inside triple quotes (Turtle, not N-Triples: a bulk load would refuse the whole batch)."""
    if "\\" in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n") + '"'
    return f'"{text}"'


def nt_term(term: Identifier) -> str:
    """A term as N-Triples text: ``term.n3()``, except a literal holding a line break (escaped, see ``quote``)."""
    if isinstance(term, Literal) and "\n" in term:
        suffix = f"@{term.language}" if term.language else f"^^<{term.datatype}>" if term.datatype else ""
        return quote(str(term)) + suffix
    return term.n3()


def nt_literal(value: str | bool | int | Decimal) -> str:
    """``Literal(value).n3()``: a plain string, an xsd:boolean, xsd:integer or xsd:decimal."""
    kind = type(value)
    if kind is str:
        return quote(value)
    if kind is bool:
        return _BOOLEAN[value]
    if kind is int:
        return f'"{value}"{_INTEGER}'
    if kind is Decimal and value.is_finite():
        return f'"{value:f}"{_DECIMAL}'
    return nt_term(Literal(value))


def nt_typed(lexical: str, datatype: URIRef) -> str:
    """``Literal(lexical, datatype=datatype).n3()`` for a canonical xsd:date or xsd:gYear; rdflib's own for the rest."""
    canonical = _CANONICAL.get(datatype)
    if canonical is not None and canonical.fullmatch(lexical):
        return f"{quote(lexical)}^^<{datatype}>"
    return nt_term(Literal(lexical, datatype=datatype))


def nt_lang(text: str, lang: str) -> str:
    """``Literal(text, lang=lang).n3()``."""
    return f"{quote(text)}@{lang}"


def nt_iri(value: str) -> str:
    """``URIRef(value).n3()``: ``<value>``; like rdflib, refuses a value with characters an IRI cannot hold."""
    if _INVALID_IRI_CHAR.search(value):
        return URIRef(value).n3()  # raises rdflib's own error
    return f"<{value}>"


def iri_value(text: str) -> str:
    """The IRI that N-Triples text ``<…>`` (``nt_iri``, ``NtIris``) writes."""
    return text[1:-1]


class NtIris(Iris):
    """The IRIs ``Iris`` mints, as N-Triples text ``<…>`` instead of URIRefs (``NtIris(b).x(…) == Iris(b).x(…).n3()``)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        nt_iri(self.base)

    def _iri(self, path: str) -> str:  # type: ignore[override]
        # unchecked: Iris mints paths from iri_path, slug, numbers and the file's sha256 (checked in file())
        return f"<{self.base}{path}>"

    def file(self, sha256: str) -> str:  # type: ignore[override]
        nt_iri(sha256)
        return super().file(sha256)


def parse_lines(lines: Iterable[str]) -> set[tuple]:
    """N-Triples lines as rdflib triples (for callers that want terms rather than the text the graph stage writes)."""
    return set(Graph().parse(data="\n".join(lines) + "\n", format="nt"))
