"""N-Triples text of the terms the graph stage writes, made without rdflib objects (the build's fast path).

Every function returns exactly what rdflib's ``.n3()`` gives for the same term (``kg.store.nt_lines`` is
built on it, and graph digests must not change): ``nt_literal(v) == Literal(v).n3()``,
``nt_typed(s, dt) == Literal(s, datatype=dt).n3()``, ``nt_lang(s, l) == Literal(s, lang=l).n3()``,
``nt_iri(s) == URIRef(s).n3()``. Values outside the fast paths are handed to rdflib itself.
"""
from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.graph.namespaces import Iris

__all__ = ["NtIris", "nt_iri", "nt_lang", "nt_literal", "nt_typed"]

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
    """A lexical form in quotes, escaped as rdflib's ``Literal._quote_encode`` does (triple quotes around newlines)."""
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + '\\"'
        return '"""' + encoded.replace("\r", "\\r") + '"""'
    if "\\" in text or '"' in text or "\r" in text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'
    return f'"{text}"'


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
    return Literal(value).n3()


def nt_typed(lexical: str, datatype: URIRef) -> str:
    """``Literal(lexical, datatype=datatype).n3()`` for a canonical xsd:date or xsd:gYear; rdflib's own for the rest."""
    canonical = _CANONICAL.get(datatype)
    if canonical is not None and canonical.fullmatch(lexical):
        return f"{quote(lexical)}^^<{datatype}>"
    return Literal(lexical, datatype=datatype).n3()


def nt_lang(text: str, lang: str) -> str:
    """``Literal(text, lang=lang).n3()``."""
    return f"{quote(text)}@{lang}"


def nt_iri(value: str) -> str:
    """``URIRef(value).n3()``: ``<value>``; like rdflib, refuses a value with characters an IRI cannot hold."""
    if _INVALID_IRI_CHAR.search(value):
        return URIRef(value).n3()  # raises rdflib's own error
    return f"<{value}>"


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
