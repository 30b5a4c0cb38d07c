"""SPARQL over a store: query files with a parameter header, parameters bound as RDF terms, results
as an aligned table, CSV or SPARQL JSON.

A query file opens with comments: what it answers, then one line per parameter::

    # param ?doc: IRI of a document — the cited document (a symbol is looked up)
    # param ?term: string (optional) — a term (khóa) such as XIII

A query that reads the build's summary graph (``kg.graph.summary``) names the query that answers the
same from the union, for a store without that graph: ``# without the summary graph: most-cited-live.rq``.

The description's first words give the parameter's kind: ``IRI of a document`` (a symbol such as
``26-NQ/TW (XII)`` is looked up with ``kg.lookup``), ``IRI``, ``xsd:date`` / ``xsd:integer`` / any
``xsd:`` datatype, or ``string``; ``(optional)`` marks one that may be left out (its variable is then
unbound). Values are never spliced into the query text as text: each becomes an RDF term, serialised by
Oxigraph as one token, written in place of its variable or bound by a ``BIND`` opening the query's outer
``WHERE`` group (``kg.bindings`` says which), so a value holding quotes, braces or ``} ; DROP ALL`` is only
ever a value (and queries cannot update anyway).
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox
from oxrdflib._converter import from_ox, to_ox
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from kg.graph.namespaces import PREFIXES, XSD
from kg.query.records import lookup, summary_graph
from kg.bindings import with_bindings
from kg.resources import queries_dir
from kg.store import to_rdflib_result

__all__ = ["FORMATS", "Param", "QueryError", "SparqlQuery", "find_query", "format_result", "load_query", "parse_params",
           "parse_query", "parse_value", "prepare_query", "run_query", "update_verb", "with_values", "write_result"]

FORMATS = ("table", "csv", "json")


class QueryError(ValueError):
    """A query or one of its parameters cannot be used as given."""


@dataclass(frozen=True)
class Param:
    """A parameter a query file declares: its variable, kind (document, iri, literal) and datatype."""

    name: str
    description: str
    kind: str = "literal"
    datatype: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class SparqlQuery:
    """A query's text with what its header says: a summary and the parameters it takes."""

    text: str
    summary: str = ""
    params: tuple[Param, ...] = ()
    path: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    without_summary: str | None = None  # the query file to run instead on a store without the summary graph
    no_params: bool = False  # its header says it takes none (``# No parameters.``): a --param given is a mistake

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name`` (without ``?``), or None."""
        return next((p for p in self.params if p.name == name), None)


_PARAM = re.compile(r"^#\s*param\s+[?$](\w+)\s*:\s*(.*)$", re.IGNORECASE)
_WITHOUT_SUMMARY = re.compile(r"^#\s*without the summary graph\s*:\s*(\S+)\s*$", re.IGNORECASE)
_NO_PARAMS = re.compile(r"^#\s*no parameters\.?\s*$", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_XSD_KIND = re.compile(r"^xsd:(\w+)\b")


def parse_query(text: str, path: str | None = None) -> SparqlQuery:
    """Read the header comments (summary and ``# param`` lines) and PREFIX declarations of a query."""
    summary, params, without_summary, no_params = [], [], None, False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        m, other = _PARAM.match(stripped), _WITHOUT_SUMMARY.match(stripped)
        no_params = no_params or bool(_NO_PARAMS.match(stripped))  # said in the summary too
        if m:
            params.append(_param(m[1], m[2].strip()))
        elif other:
            without_summary = other[1]
        elif not params:
            summary.append(stripped.lstrip("#").strip())
    prefixes = {m[1] or "": m[2] for m in _PREFIX.finditer(text)}
    return SparqlQuery(text, " ".join(s for s in summary if s), tuple(params), path, prefixes, without_summary,
                       no_params)


def _param(name: str, description: str) -> Param:
    optional = "(optional)" in description.lower()
    lower = description.lower()
    if lower.startswith(("iri of a document", "iri of the document")):
        return Param(name, description, "document", None, optional)
    if lower.startswith("iri"):
        return Param(name, description, "iri", None, optional)
    m = _XSD_KIND.match(description)
    if m:
        return Param(name, description, "literal", str(XSD[m[1]]), optional)
    return Param(name, description, "literal", None, optional)


def load_query(path: str | Path) -> SparqlQuery:
    """A query file (UTF-8) with its header read."""
    p = Path(path)
    try:
        return parse_query(p.read_text(encoding="utf-8"), str(p))
    except OSError as err:
        raise QueryError(f"cannot read query file {p}: {err.strerror or err}") from err


QUERIES_DIR = queries_dir()  # the canned query files, packaged with kg


def find_query(name: str | Path) -> SparqlQuery:
    """A query file by path, or by bare name (``implements``) in ./queries/ or the project's queries/."""
    path = Path(name)
    candidates = [path] if path.suffix or path.exists() else [path, path.with_suffix(".rq")]
    if not path.is_absolute() and len(path.parts) == 1:
        for folder in (Path("queries"), QUERIES_DIR):
            candidates += [folder / path.name, folder / (path.name + ".rq")]
    for c in candidates:
        if c.is_file():
            return load_query(c)
    raise QueryError(f"no query file {name} (nor {name}.rq in ./queries or {QUERIES_DIR})")


def parse_params(items: Sequence[str]) -> dict[str, str]:
    """``["doc=26-NQ/TW (XII)", "term=XII"]`` → ``{"doc": "26-NQ/TW (XII)", "term": "XII"}`` (name without ``?``)."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"--param takes NAME=VALUE, not {item!r}")
        if name in out:
            raise QueryError(f"--param {name} given twice")
        out[name] = value
    return out


# ---- parameter values

_IRI_REF = re.compile(r'^<([^<>"{}|^`\\\x00-\x20]*)>$')
_LANG = re.compile(r'^"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)$', re.DOTALL)
_TYPED = re.compile(r'^(?:"(.*)"|(.*?))\^\^(<[^<>"\s]*>|[A-Za-z][\w.-]*:[\w.-]*)$', re.DOTALL)
_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:(\S*)$")


def parse_value(raw: str, prefixes: Mapping[str, str] | None = None) -> Identifier:
    """A parameter value as an RDF term: ``<iri>`` or ``prefix:name`` (a known prefix) → IRI;
    ``"text"@vi`` → language-tagged; ``value^^xsd:date`` → typed literal; anything else → a plain
    literal of exactly the text given."""
    known = {**{k: str(v) for k, v in PREFIXES.items()}, **(prefixes or {})}
    m = _IRI_REF.match(raw)
    if m:
        return _checked_iri(m[1])
    m = _LANG.match(raw)
    if m:
        return Literal(m[1], lang=m[2])
    m = _TYPED.match(raw)
    if m:
        datatype = _expand(m[3], known)
        if datatype is not None:
            term = Literal(m[1] if m[1] is not None else m[2], datatype=datatype)
            if term.ill_typed:
                raise QueryError(f"{raw!r} is not a valid {_short(str(datatype))}")
            return term
    expanded = _expand(raw, known)
    return expanded if expanded is not None else Literal(raw)


def _expand(text: str, prefixes: Mapping[str, str]) -> URIRef | None:
    """``<iri>`` or ``prefix:local`` with a known prefix as an IRI; None otherwise."""
    m = _IRI_REF.match(text)
    if m:
        return _checked_iri(m[1])
    m = _PNAME.match(text)
    if m and (m[1] or "") in prefixes:
        return _checked_iri(prefixes[m[1] or ""] + m[2])
    return None


def _checked_iri(value: str) -> URIRef:
    try:
        ox.NamedNode(value)
    except ValueError as err:
        raise QueryError(f"not a valid IRI: <{value}> ({err})") from err
    return URIRef(value)


def bind_params(store: Any, query: SparqlQuery, values: Mapping[str, str | Identifier]) -> dict[str, Identifier]:
    """The parameters as RDF terms, checked against the query's header (when it declares any)."""
    declared = {p.name for p in query.params}
    unknown = sorted(set(values) - declared) if query.params or query.no_params else []
    if unknown:
        takes = ", ".join("?" + n for n in sorted(declared)) or "no parameters"
        raise QueryError(f"the query takes {takes}; not {', '.join('?' + n for n in unknown)}")
    missing = [p for p in query.params if not p.optional and p.name not in values]
    if missing:
        raise QueryError("missing parameter " + "; ".join(f"--param {p.name}=… ({p.description})" for p in missing))
    out: dict[str, Identifier] = {}
    for name, value in values.items():
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"not a variable name: {name!r}")
        out[name] = value if isinstance(value, Identifier) else _term(store, query.param(name), value, query.prefixes)
    return out


def _term(store: Any, param: Param | None, raw: str, prefixes: Mapping[str, str]) -> Identifier:
    """One raw value as the term its parameter's kind asks for."""
    if param is None or param.kind == "literal" and param.datatype is None:
        return parse_value(raw, prefixes)
    if param.kind == "literal":
        term = parse_value(raw, prefixes)
        if isinstance(term, Literal) and term.datatype is None and term.language is None:
            term = Literal(raw, datatype=URIRef(param.datatype))
            if term.ill_typed:
                raise QueryError(f"?{param.name} takes an {_short(param.datatype)}, not {raw!r}")
        return term
    iri = _expand(raw, {**{k: str(v) for k, v in PREFIXES.items()}, **prefixes})
    if iri is not None:
        return iri
    if raw.startswith(("http://", "https://")):
        return _checked_iri(raw)
    if param.kind == "document":
        return URIRef(lookup(store, raw).iri)
    raise QueryError(f"?{param.name} takes an IRI (<…> or prefix:name), not {raw!r}")


def _short(datatype: str) -> str:
    return "xsd:" + datatype.rsplit("#", 1)[-1] if datatype.startswith(str(XSD)) else f"<{datatype}>"


def with_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with each parameter bound (``BIND(<term> AS ?name)`` opening its outer WHERE group)."""
    try:
        return with_bindings(text, {n: to_ox(_as_term(v)) for n, v in bindings.items()})
    except SyntaxError as err:
        raise QueryError(str(err)) from err


def _as_term(value: Identifier) -> Identifier:
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    raise QueryError(f"a parameter must be an IRI or a literal, not {type(value).__name__}")


def _sibling(query: SparqlQuery, name: str) -> SparqlQuery:
    """The query file ``name`` beside ``query``'s own file, else found as ``find_query`` finds it."""
    if query.path and (Path(query.path).parent / name).is_file():
        return load_query(Path(query.path).parent / name)
    return find_query(name)


_QUERY_NAME = re.compile(r"[\w-]+(?:\.rq)?")


def run_query(store: Any, query: str | SparqlQuery, params: Mapping[str, str | Identifier] | None = None) -> Result:
    """Run a SPARQL query (a canned query's name such as ``"most-cited"``, SPARQL text, or a SparqlQuery from
    ``load_query``) over the store's union graph (a query over the summary graph: the one its header names
    instead, when the store has no summary).

    ``params`` maps variable names (without ``?``) to raw strings (read as ``parse_value`` and the
    header say) or rdflib terms. Returns an rdflib ``Result`` (SELECT rows, ASK boolean, or a graph).
    """
    return _checked(store.query, prepare_query(store, query, params))


# An update's first word after the prologue (comments, BASE and PREFIX declarations).
_UPDATE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^:\s]*:\s*<[^>]*>)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


def update_verb(text: str) -> str | None:
    """The verb (``DELETE``, ``INSERT`` …) when ``text`` is a SPARQL update rather than a query, else None."""
    m = _UPDATE.match(text)
    return m[1].upper() if m else None


def _checked(run: Any, text: str) -> Any:
    """``run(text)``, a syntax error in the text raised as a QueryError (an update is told apart: queries only)."""
    try:
        return run(text)
    except SyntaxError as err:
        if verb := update_verb(text):
            raise QueryError(f"{verb} is a SPARQL update; kg runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE) "
                             "and only kg build changes a store") from err
        raise QueryError(f"SPARQL syntax error: {err}") from err


def prepare_query(store: Any, query: str | SparqlQuery, params: Mapping[str, str | Identifier] | None = None) -> str:
    """The SPARQL text ``run_query`` sends: the query found (by name, text or SparqlQuery), its parameters bound."""
    if isinstance(query, SparqlQuery):
        q = query
    elif _QUERY_NAME.fullmatch(query.strip()):
        q = find_query(query.strip())  # a name: no SPARQL text is a single word
    else:
        q = parse_query(query)
    if q.without_summary and not summary_graph(store):
        q = _sibling(q, q.without_summary)
    return with_values(q.text, bind_params(store, q, params or {}))


def write_result(store: Any, query: str | SparqlQuery, params: Mapping[str, str | Identifier] | None, out: TextIO,
                 fmt: str = "table", base: str | None = None, width: int = 60) -> None:
    """Run a query as ``run_query`` does and write its result to ``out`` as ``format_result`` does, row by row as the
    store gives them: csv and json hold no rows in memory, a table only its cells' text (its columns are aligned)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    result = _checked(store.query_union, prepare_query(store, query, params))
    if not isinstance(result, ox.QuerySolutions):
        out.write(format_result(to_rdflib_result(result), fmt, base, width))
        return
    names = [v.value for v in result.variables]
    _WRITERS[fmt](names, ([None if t is None else from_ox(t) for t in row] for row in result), out, base, width)


# ---- output

def format_result(result: Result, fmt: str = "table", base: str | None = None, width: int = 60) -> str:
    """A result as ``table`` (aligned; cells cut to ``width`` columns), ``csv`` (SPARQL CSV: full
    IRIs, lexical values) or ``json`` (SPARQL 1.1 Query Results JSON). Graphs (CONSTRUCT/DESCRIBE):
    Turtle for table, N-Triples for csv, JSON-LD for json."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        return graph.serialize(format={"table": "turtle", "csv": "nt", "json": "json-ld"}[fmt])
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"head": {}, "boolean": answer}) + "\n" if fmt == "json" else ("true\n" if answer else "false\n")
    names = [str(v) for v in result.vars]
    out = io.StringIO()
    _WRITERS[fmt](names, ([row.get(Variable(n)) for n in names] for row in result.bindings), out, base, width)
    return out.getvalue()


Rows = Iterable[Sequence[Any]]  # a result's rows: per variable, an rdflib term or None (unbound)


def _json_term(t: Any) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype and str(t.datatype) != str(XSD.string):
        out["datatype"] = str(t.datatype)
    return out


_ROWS_HERE = "\0rows"  # stands for the rows in the JSON document around them (no variable name holds a NUL)


def _json(names: Sequence[str], rows: Rows, out: TextIO, base: str | None = None, width: int = 0) -> None:
    """SPARQL 1.1 Query Results JSON, written a row at a time (the text ``json.dumps(..., indent=1)`` gives)."""
    document = {"head": {"vars": list(names)}, "results": {"bindings": [_ROWS_HERE]}}
    before, after = json.dumps(document, ensure_ascii=False, indent=1).split(json.dumps(_ROWS_HERE))
    out.write(before.rstrip())  # up to the bindings' "["
    indent = before[len(before.rstrip()):]  # the line break and indentation of a binding
    written = 0
    for row in rows:
        binding = {name: _json_term(t) for name, t in zip(names, row) if t is not None}
        out.write(("," if written else "") + indent
                  + json.dumps(binding, ensure_ascii=False, indent=1).replace("\n", indent))
        written += 1
    out.write((after if written else after.lstrip()) + "\n")  # without rows: "bindings": []


def _csv(names: Sequence[str], rows: Rows, out: TextIO, base: str | None = None, width: int = 0) -> None:
    """SPARQL CSV (full IRIs, lexical values), written a row at a time."""
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else str(t) for t in row])


def display(term: Any, base: str | None = None) -> str:
    """A term as a table cell: prefixed names, IRIs under the base relative (``<eli/…>``), literals bare."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = max(((p, str(ns)) for p, ns in PREFIXES.items() if text.startswith(str(ns))),
                   key=lambda pn: len(pn[1]), default=None)
        if best and re.fullmatch(r"[\w.-]*", text[len(best[1]):]):
            return f"{best[0]}:{text[len(best[1]):]}"
        if base and text.startswith(base):
            return f"<{text[len(base):]}>"
        return f"<{text}>"
    return " ".join(str(term).split())


def text_width(text: str) -> int:
    """Columns a string takes in a terminal: combining marks 0, wide (East Asian) characters 2."""
    return sum(_char_width(c) for c in text)


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in {"Mn", "Me", "Cf"}:
        return 0
    return 2 if unicodedata.east_asian_width(c) in {"W", "F"} else 1


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in … when cut."""
    text = unicodedata.normalize("NFC", text)
    if width <= 0 or text_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = _char_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _table(names: Sequence[str], rows: Rows, out: TextIO, base: str | None = None, width: int = 60) -> None:
    """An aligned table, cells cut to ``width`` columns: only the cells' text is held, to measure the columns."""
    cells = [[_cut(display(t, base), width) for t in row] for row in rows]
    widths = [max([text_width(n)] + [text_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - text_width(v)) for v, w in zip(values, widths)).rstrip()

    out.write(line(names) + "\n" + line(["─" * w for w in widths]) + "\n")
    for r in cells:
        out.write(line(r) + "\n")
    out.write(f"({len(cells)} row{'s' if len(cells) != 1 else ''})\n")


_WRITERS = {"table": _table, "csv": _csv, "json": _json}
