"""SPARQL query text: variables bound to RDF terms by a ``BIND`` opening the query's outer WHERE group.

The terms are serialised by Oxigraph (N-Triples escaping), so no value can end the group early or add
to the query: a parameter is bound, never spliced. ``BIND`` rather than ``VALUES``, because Virtuoso
refuses a transitive path (``eli:cites+``) whose start is bound only through ``VALUES``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

__all__ = ["with_bindings"]

_IRI_TOKEN = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_]+")


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the query's outer WHERE group (skipping strings, IRIs, comments)."""
    i, depth, form, where_seen = 0, 0, None, False
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "\"'":
            i = _skip_string(text, i)
            continue
        if ch == "<":
            m = _IRI_TOKEN.match(text, i)
            if m:
                i = m.end()
                continue
        if ch == "{":
            if depth == 0 and (where_seen or form in {"SELECT", "ASK", "DESCRIBE"}):
                return i
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and (ch.isalpha() or ch == "_") and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:")):
            m = _WORD.match(text, i)
            word = m[0].upper()
            if word in {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"} and form is None:
                form = word
            elif word == "WHERE":
                where_seen = True
            i = m.end()
            continue
        i += 1
    raise SyntaxError("cannot find the query's WHERE group to bind parameters in")


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal starting at ``i`` (short or long form, with escapes)."""
    quote = text[i]
    long = text.startswith(quote * 3, i)
    j = i + (3 if long else 1)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if long and text.startswith(quote * 3, j):
            return j + 3
        if not long and (text[j] == quote or text[j] == "\n"):
            return j + 1
        j += 1
    return j


def with_bindings(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]) -> str:
    """The query with ``BIND(<term> AS ?name)`` for each binding opening its outer WHERE group."""
    if not bindings:
        return text
    block = " " + " ".join(f"BIND({term} AS ?{name})" for name, term in bindings.items()) + " "
    at = _where_brace(text) + 1
    return text[:at] + block + text[at:]
