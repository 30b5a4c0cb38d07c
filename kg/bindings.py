"""SPARQL query text: variables bound to RDF terms, written in place or by a ``BIND`` opening the outer WHERE group.

The terms are serialised by Oxigraph (N-Triples escaping, one token), so no value can end the group early or
add to the query. A variable that stands only in the outer WHERE group's patterns and expressions is replaced
by its term there: Oxigraph plans a pattern with a constant from its index, but reads a ``BIND`` (or a
``VALUES``) as one more pattern to join (what replaced a document cited 34,520 times: 0.37 s bound, 1 ms
written in; a plain ``FILTER`` on a computed relation name took 77 s). Where the variable is projected,
used in the template, grouped, ordered, tested with ``BOUND``, assigned, listed in ``VALUES`` or inside a
sub-query (whose variables are its own), it is bound by ``BIND`` instead, which means the same there. ``BIND`` rather than ``VALUES``,
because Virtuoso refuses a transitive path (``eli:cites+``) whose start is bound only through ``VALUES``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

__all__ = ["with_bindings"]

_IRI_TOKEN = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_]+")
_SELECT_ALL = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)")


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the query's outer WHERE group (skipping strings, IRIs, comments)."""
    form, where_seen = None, False
    for s, e, kind, depth in _tokens(text, 0):
        if depth != 0:
            continue
        if kind == "word":
            word = text[s:e].upper()
            if word in {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"} and form is None:
                form = word
            elif word == "WHERE":
                where_seen = True
        elif kind == "{" and (where_seen or form in {"SELECT", "ASK", "DESCRIBE"}):
            return s
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


def _tokens(text: str, start: int) -> list[tuple[int, int, str, int]]:
    """(start, end, kind, depth) of the words, variables and brackets from ``start`` (strings, IRIs and comments
    skipped); depth counts the groups open inside the outer WHERE group, -1 once it has closed."""
    out: list[tuple[int, int, str, int]] = []
    i, depth, n = start, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif ch in "\"'":
            i = _skip_string(text, i)
        elif ch == "<" and (m := _IRI_TOKEN.match(text, i)):
            i = m.end()
        elif ch in "?$" and (m := _VARIABLE.match(text, i)):
            out.append((i, m.end(), "var", depth))
            i = m.end()
        elif (ch.isalpha() or ch == "_") and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_:")):
            m = _WORD.match(text, i)
            out.append((i, m.end(), "word", depth))
            i = m.end()
        else:
            if ch in "{}()":
                out.append((i, i + 1, ch, depth))
            depth += 1 if ch == "{" else -1 if ch == "}" else 0
            i += 1
    return out


def _written_in(text: str, at: int, name: str) -> list[tuple[int, int]] | None:
    """Where ``?name`` may be replaced by its term (the spans of its occurrences), or None when it must be bound:
    used before the WHERE group (projection, template), after it (GROUP BY, ORDER BY), in ``BOUND``, ``AS``,
    ``VALUES``, or inside a sub-query (its own scope)."""
    head = _code(text[:at])
    if any(m[1] == name for m in _VARIABLE.finditer(head)) or _SELECT_ALL.search(_without_literals(text[:at])):
        return None
    tokens = _tokens(text, at + 1)
    inner = _subqueries(text, tokens)
    spans, in_values = [], False
    for k, (s, e, kind, depth) in enumerate(tokens):
        if kind == "word":
            in_values = text[s:e].upper() == "VALUES"
        elif kind == "{":
            in_values = False
        if kind != "var" or text[s + 1:e] != name:
            continue
        before = [text[x:y].upper() for x, y, _, _ in tokens[max(0, k - 2):k]]
        if depth < 0 or in_values or before[-1:] == ["AS"] or before == ["BOUND", "("]:
            return None
        if any(a <= s < b for a, b in inner):
            return None
        spans.append((s, e))
    return spans


def _subqueries(text: str, tokens: list[tuple[int, int, str, int]]) -> list[tuple[int, int]]:
    """The spans of the sub-queries among ``tokens``: from a ``SELECT`` to the ``}`` closing the group it opens."""
    out = []
    for k, (s, e, kind, depth) in enumerate(tokens):
        if kind == "word" and text[s:e].upper() == "SELECT":
            end = next((x for x, _, kd, d in tokens[k + 1:] if kd == "}" and d == depth), len(text))
            out.append((s, end))
    return out


def _code(text: str) -> str:
    """The variables of ``text`` (not those in its comments, strings and IRIs), space-separated."""
    return " ".join(text[s:e] for s, e, kind, _ in _tokens(text, 0) if kind == "var")


def _without_literals(text: str) -> str:
    """``text`` with its comments, strings and IRIs left out (for finding ``SELECT *`` in it)."""
    return re.sub(r"#[^\n]*|\"[^\"]*\"|'[^']*'|<[^<>\s]*>", " ", text)


def with_bindings(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]) -> str:
    """The query with each binding's term written in place of its variable, or (where that would change the
    query's meaning) bound by ``BIND(<term> AS ?name)`` opening the outer WHERE group."""
    if not bindings:
        return text
    at = _where_brace(text)
    replaced: list[tuple[int, int, str]] = []
    bound = []
    for name, term in bindings.items():
        spans = _written_in(text, at, name) if not isinstance(term, ox.BlankNode) else None
        if spans is None:
            bound.append(f"BIND({term} AS ?{name})")
        else:
            replaced += [(s, e, str(term)) for s, e in spans]
    for s, e, term in sorted(replaced, reverse=True):
        text = text[:s] + term + text[e:]
    if not bound:
        return text
    return text[:at + 1] + " " + " ".join(bound) + " " + text[at + 1:]
