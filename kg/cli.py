"""The ``kg`` command: parse arguments, call the API, print. No logic a script could not reach."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

import kg
from kg.atomic import atomic_file
from kg.api import extract_paths, skipped_summary
from kg.graph.namespaces import DEFAULT_BASE
from kg.model import Extraction
from kg.read import SUFFIXES, ReadOptions
from kg.query.exports import NETWORK_FORMATS
from kg.resolve.catalog_rows import CatalogError
from kg.store import EXPORT_FORMATS, GraphStore, StoreError, open_store
from kg.workers import default_jobs

DEFAULT_STORE = ".kg-store"
PASSWORD_VARIABLE = "KG_ENDPOINT_PASSWORD"  # a password on the command line would show in ps and shell history


OCR_HELP = ("do not OCR the pages of PDFs that have no text layer (scans); they are reported as unread pages "
            "(OCR with Tesseract takes seconds a page)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graph of Party documents and their cross-references.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {kg.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ext = sub.add_parser("extract", help="read documents and print each one's record and references")
    ext.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (read recursively)")
    ext.add_argument("--format", choices=("jsonl", "json", "table"), default="jsonl",
                     help="jsonl: one JSON object per line (default); json: one array; table: a summary line per file")
    ext.add_argument("--no-ocr", action="store_true", help=OCR_HELP)
    ext.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                     help="worker processes (default: every core; 1: extract in this process); the output keeps the "
                          "inputs' order")

    bld = sub.add_parser("build", help="extract, resolve and store the graph of documents (incremental)")
    bld.add_argument("paths", nargs="+", metavar="INPUT", help="files or folders (read recursively)")
    _store_options(bld)
    bld.add_argument("--base", metavar="IRI", default=None,
                     help=f"base of the data IRIs (default {DEFAULT_BASE}; fixed when the store is created)")
    bld.add_argument("--prune", action="store_true", help="remove the graphs of files in the store that are not among the inputs")
    bld.add_argument("--no-progress", action="store_true", help="no progress bar")
    bld.add_argument("--no-ocr", action="store_true", help=OCR_HELP)
    bld.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                     help="extraction worker processes (default: every core; 1: extract in this process)")
    _catalog_option(bld)

    exp = sub.add_parser("export", help="write the whole graph of a store")
    _store_options(exp)
    exp.add_argument("--format", choices=(*EXPORT_FORMATS, *NETWORK_FORMATS), default="turtle",
                     help="turtle/ntriples: the union of the graphs; nquads/trig/jsonld: keeping each file's named "
                          "graph (jsonld compacted with a @context); graphml/gexf (Gephi) and csv (nodes.csv and "
                          "edges.csv for pandas or Neo4j): the citation network with flat attributes")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE, or with csv to the folder FILE "
                     "(default: standard output; graphml, gexf and csv need -o)")

    chk = sub.add_parser("check", help="report conflicts, unresolved references and oddities of the corpus in a store")
    _store_options(chk)
    chk.add_argument("--explain", metavar="FILE#N", action="append",
                     help="show how reference N of FILE was resolved, step by step (repeatable; FILE#N as the report prints it)")
    _catalog_option(chk)

    cat = sub.add_parser("catalog", help="look up the catalog of known documents by symbol or by words")
    cat.add_argument("query", metavar="SYMBOL|TEXT", nargs="?", help="a symbol (26-NQ/TW) or words of its body or title "
                     "(with or without diacritics: 'can bo chien luoc')")
    cat.add_argument("--gaps", action="store_true", help="per register, the numbers up to the highest public pages show "
                     "that the catalog has no row of (its known gaps), and those it has without a date")
    cat.add_argument("--term", metavar="T", help="only rows of this term (XII)")
    cat.add_argument("--format", choices=("table", "json"), default="table")
    _catalog_option(cat)

    _view_parser(sub)
    _query_parser(sub)
    _lineage_parser(sub)
    _serve_parser(sub)
    return parser


def _view_parser(sub: argparse._SubParsersAction) -> None:
    """``kg view``: the citation graph as an interactive HTML page that works offline."""
    vw = sub.add_parser("view", help="write the citation graph as an interactive HTML page (works offline)")
    _store_options(vw)
    vw.add_argument("--focus", metavar="SYMBOL", help="only the documents within --depth citation steps of this one "
                    "(a symbol such as 26-NQ/TW, a label such as '26-NQ/TW (XII)', or an IRI)")
    which = vw.add_mutually_exclusive_group()
    which.add_argument("--term", metavar="T", help="with --focus: the focus document's term (XII), when its symbol names several")
    which.add_argument("--date", metavar="D", help="with --focus: the focus document's date (2018-05-19)")
    vw.add_argument("--depth", type=int, metavar="N", help="with --focus: citation steps from it, either way (default 2)")
    vw.add_argument("--top", type=int, metavar="N", help="without --focus: the N best-connected documents (the most cited, "
                    "then those citing them most) and the citations among them; by default the whole store up to "
                    "2,000 documents, else its best-connected 2,000")
    vw.add_argument("--filter", action="append", default=[], metavar="KEY=V[,V…]",
                    help="keep only documents of these types (type=NQ,KL), terms (term=XIII), issuing bodies "
                         "(issuer=Bộ Chính trị) or citations of these relations (relation=implements); repeatable")
    vw.add_argument("-o", "--output", metavar="FILE", default="graph.html", help="the page to write (default graph.html)")


def _query_parser(sub: argparse._SubParsersAction) -> None:
    """``kg query``: a SPARQL query over a store, parameters bound as RDF terms."""
    from kg.query.sparql import FORMATS

    qry = sub.add_parser("query", help="run a SPARQL query (a .rq file, e.g. from queries/, or --sparql TEXT) over a store")
    qry.add_argument("file", nargs="?", metavar="FILE.rq", help="the query file (a bare name is also looked up in ./queries/)")
    qry.add_argument("--sparql", metavar="TEXT", help="the query text instead of a file")
    _store_options(qry)
    qry.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help="bind ?NAME: <iri> or prefix:name → IRI, VALUE^^xsd:date → typed, \"text\"@vi → tagged, "
                          "else a plain literal; for a parameter declared as a document, a symbol (26-NQ/TW (XII)) "
                          "is looked up; repeatable")
    qry.add_argument("--format", choices=FORMATS, default="table",
                     help="table (aligned, default), csv (SPARQL CSV) or json (SPARQL 1.1 Query Results JSON)")


def _lineage_parser(sub: argparse._SubParsersAction) -> None:
    """``kg lineage``: what a document builds on, or what was built on it, as a tree with the evidence."""
    from kg.query.records import RELATIONS

    lin = sub.add_parser("lineage", help="walk what a document builds on (--up) or what was built on it (--down)")
    lin.add_argument("symbol", metavar="SYMBOL", help="a symbol (18-NQ/TW), a label (26-NQ/TW (XII)), an IRI or a source file")
    _store_options(lin)
    which = lin.add_mutually_exclusive_group()
    which.add_argument("--term", metavar="T", help="the document's term (XII), when its symbol names several")
    which.add_argument("--date", metavar="D", help="the document's date (2017-10-25), when its symbol names several")
    way = lin.add_mutually_exclusive_group()
    way.add_argument("--up", dest="direction", action="store_const", const="up", help="what it builds on (default)")
    way.add_argument("--down", dest="direction", action="store_const", const="down", help="what was built on it")
    way.add_argument("--both", dest="direction", action="store_const", const="both", help="both")
    lin.add_argument("--depth", type=_steps, default=3, metavar="N", help="citation steps (default 3; 0: no limit)")
    lin.add_argument("--relation", action="append", choices=(*RELATIONS, "changes"), metavar="R",
                     help=f"only these relations and their sub-relations ({', '.join(RELATIONS)}, changes); repeatable")
    lin.add_argument("--issuer", action="append", metavar="BODY", help="only documents issued by this body; repeatable")
    lin.add_argument("--from", dest="date_from", metavar="DATE", help="only documents dated on or after DATE (YYYY[-MM[-DD]])")
    lin.add_argument("--to", dest="date_to", metavar="DATE", help="only documents dated on or before DATE")
    lin.add_argument("--no-planned", action="store_true", help="leave out changes announced as work to do")
    lin.add_argument("--evidence", type=int, default=2, metavar="N", help="tree: sentences shown per step (default 2)")
    lin.add_argument("--format", choices=("tree", "json"), default="tree", help="tree (default) or json")


def _serve_parser(sub: argparse._SubParsersAction) -> None:
    """``kg serve``: the web explorer of a store on 127.0.0.1."""
    srv = sub.add_parser("serve", help="explore a store in the browser: search, document pages, network, SPARQL "
                                       "endpoint (local, read-only)")
    _store_options(srv)
    srv.add_argument("--port", type=_port, default=8000, metavar="N", help="the port on 127.0.0.1 (default 8000; 0: any free one)")
    srv.add_argument("--open", action="store_true", help="open the explorer in the default browser")


def _port(text: str) -> int:
    """A TCP port for --port: 0 to 65535 (a usage error otherwise)."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535)")
    return int(text)


def _jobs(text: str) -> int:
    """A number of worker processes for --jobs: 1 or more (a usage error otherwise)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of worker processes (1 or more)")
    return int(text)


def _steps(text: str) -> int:
    """A number of citation steps for --depth: a whole number, 0 or more (a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of steps (0 or more; 0: no limit)")
    return value


def _store_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="DIR", default=DEFAULT_STORE,
                   help=f"the store directory (default {DEFAULT_STORE}); with --endpoint, only the extraction cache")
    p.add_argument("--endpoint", metavar="URL", help="use a SPARQL 1.1 server instead: its query URL "
                   "(e.g. http://127.0.0.1:7878/query)")
    p.add_argument("--update-url", metavar="URL", help="with --endpoint: SPARQL Update URL (default: …/update beside it)")
    p.add_argument("--store-url", metavar="URL", help="with --endpoint: Graph Store Protocol URL (default: …/store beside it)")
    p.add_argument("--union-param", metavar="NAME", default="union-default-graph",
                   help="with --endpoint: request parameter asking for the union default graph (Oxigraph's, the "
                        "default); '' when the server is configured to query the union by default")
    p.add_argument("--user", metavar="NAME", help=f"with --endpoint: the user for HTTP Digest authentication "
                   f"(Virtuoso's /sparql-auth); the password is read from the environment variable {PASSWORD_VARIABLE}")


def _catalog_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalog", metavar="FILE.csv", action="append", default=[],
                   help="also your own catalog file, in the bundled catalog's format (repeatable); "
                        "a bad row is one line on stderr and is left out")


def _load_catalog(args: argparse.Namespace, err: TextIO, command: str) -> Any:
    """The bundled catalog plus the user's ``--catalog`` files; each row the lint leaves out is one stderr line."""
    from kg.resolve import load_catalog
    from kg.resolve.catalog import default_catalog_paths

    catalog = load_catalog([*default_catalog_paths(), *args.catalog])
    for line in catalog.problems:
        err.write(f"kg {command}: row left out: {line}\n")
    return catalog


def _open(args: argparse.Namespace, base: str | None = None, *, write: bool = False) -> GraphStore:
    """The store the options name: the --endpoint server, or the --store directory (read-only unless ``write``)."""
    if getattr(args, "endpoint", None):
        return open_store(args.endpoint, base, update_url=args.update_url, store_url=args.store_url,
                          union_param=args.union_param or None, cache_dir=Path(args.store) / "extractions",
                          user=args.user, password=os.environ.get(PASSWORD_VARIABLE) if args.user else None)
    return open_store(args.store, base, read_only=not write)


def _print_table(results: Iterable[Extraction], out: TextIO) -> Iterator[Extraction]:
    out.write(f"{'source':40} {'symbol':16} {'type':4} {'date':10} {'refs':>4}  title\n")
    for r in results:
        d = r.document
        if d is not None:
            title = (d.title or "")[:60]
            out.write(f"{r.source[-40:]:40} {d.symbol or '-':16} {d.type or '-':4} {d.date or '-':10} {len(r.references):>4}  {title}\n")
        yield r


def _print_json(results: Iterable[Extraction], out: TextIO, lines: bool) -> Iterator[Extraction]:
    first = True
    if not lines:
        out.write("[")
    for r in results:
        text = json.dumps(r.to_dict(), ensure_ascii=False, indent=None if lines else 2)
        out.write(text + "\n" if lines else ("\n" if first else ",\n") + text)
        first = False
        yield r
    if not lines:
        out.write("\n]\n")


def cmd_extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print each input's extraction; report failures one line each and a closing summary."""
    skipped: list[Path] = []
    results = extract_paths(args.paths, skipped, ReadOptions(ocr=not args.no_ocr), jobs=args.jobs or default_jobs())
    printed = _print_table(results, out) if args.format == "table" else _print_json(results, out, args.format == "jsonl")
    ok = failed = 0
    for r in printed:
        if r.document is None:
            failed += 1
            err.write(f"{r.source}: {'; '.join(r.errors)}\n")
        else:
            ok += 1
            for message in r.errors:
                err.write(f"{r.source}: {message}\n")
        err.flush()
    err.write(f"{ok} read, {failed} failed\n")
    if (line := skipped_summary(skipped)) is not None:
        err.write(line + "\n")
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Build the store; bad inputs are one stderr line each; the summary goes to stderr. Exit 1 if any input failed."""
    from kg.builder import build

    catalog = _load_catalog(args, err, "build")
    with _open(args, args.base, write=True) as store:
        report = build(args.paths, store, prune=args.prune, catalog=catalog, ocr=not args.no_ocr,
                       progress=False if args.no_progress else None, err=err, jobs=args.jobs)
    for line in report.lines():
        err.write(line + "\n")
    if report.inputs == 0:
        err.write(f"kg build: no document file ({', '.join(SUFFIXES)}) in {', '.join(map(str, args.paths))}\n")
        return 1
    return 1 if report.failed else 0


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the store's graph to a file or standard output."""
    if args.format in NETWORK_FORMATS:
        if not args.output:
            err.write(f"kg export: --format {args.format} writes files: give -o {'FOLDER' if args.format == 'csv' else 'FILE'}\n")
            return 2
        from kg.query.exports import write_network
        from kg.query.networkx import to_networkx

        with _open(args) as store:
            g = to_networkx(store)
        written = write_network(g, args.format, args.output)
        err.write(f"wrote {', '.join(map(str, written))}: {g.number_of_nodes()} documents, "
                  f"{g.number_of_edges()} citations\n")
        return 0
    with _open(args) as store:
        if args.output:
            _export_file(store, Path(args.output), args.format)
        else:
            out.flush()
            store.export(getattr(out, "buffer", None) or _TextSink(out), args.format)
    return 0


def _export_file(store: GraphStore, path: Path, fmt: str) -> None:
    """Export into ``path`` whole or not at all (``kg.atomic``): a failure leaves no half-written graph."""
    with atomic_file(path) as f:
        store.export(f, fmt)


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the check report of the corpus in the store."""
    from kg.builder import check_store

    catalog = _load_catalog(args, err, "check")
    with _open(args) as store:
        if args.explain:
            from kg.builder import explain_in_store

            status = 0
            for which in args.explain:
                try:
                    lines = explain_in_store(store, which, catalog)
                except (ValueError, IndexError) as e:
                    err.write(f"kg check: {e}\n")
                    status = 1
                    continue
                out.write("\n".join(lines) + "\n")
            return status
        for line in check_store(store, catalog):
            out.write(line + "\n")
    return 0


def cmd_view(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the viewer page; say what it holds on stderr. Exit 1 when the focus is unknown or ambiguous."""
    from kg.view import VIEW_LIMIT, parse_filters, view

    if args.focus is None and (args.term or args.date or args.depth is not None):
        err.write("kg view: --term, --date and --depth go with --focus\n")
        return 2
    if args.top is not None and (args.focus is not None or args.top < 1):
        err.write("kg view: --top takes a number of documents (1 or more) and does not go with --focus\n")
        return 2
    try:
        filters = parse_filters(args.filter)
    except ValueError as error:
        err.write(f"kg view: {error}\n")
        return 2
    depth = args.depth if args.depth is not None else 2 if args.focus else None
    with _open(args) as store:
        try:
            result = view(store, args.output, focus=args.focus, term=args.term, date=args.date, depth=depth,
                          filters=filters, top=args.top, limit=VIEW_LIMIT)
        except LookupError as error:  # kg.UnknownSymbol, kg.AmbiguousSymbol (which names the candidates)
            err.write(f"kg view: {error}\n")
            return 1
    err.write(result.summary() + "\n")
    if result.left_out():
        err.write(f"kg view: {result.left_out()}\n")
    return 0


def cmd_query(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the query and print its result; a bad query, parameter or symbol is one line on stderr, exit 1."""
    from kg.query.sparql import QueryError, find_query, parse_params, parse_query, write_result

    if (args.file is None) == (args.sparql is None):
        err.write("kg query: give a query file or --sparql TEXT (one of them)\n")
        return 2
    try:
        query = parse_query(args.sparql) if args.sparql is not None else find_query(args.file)
        params = parse_params(args.param)
        with _open(args) as store:
            write_result(store, query, params, out, args.format, store.base)
    except (QueryError, LookupError) as error:  # LookupError: kg.UnknownSymbol, kg.AmbiguousSymbol (names the candidates)
        err.write(f"kg query: {error}\n")
        return 1
    return 0


def cmd_lineage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the lineage tree (or JSON); an unknown or ambiguous symbol is reported on stderr, exit 1."""
    from kg.query.lineage import format_tree, lineage
    from kg.query.records import lookup
    from kg.query.status import status_in_force

    with _open(args) as store:
        try:
            doc = lookup(store, args.symbol, term=args.term, date=args.date)
            result = lineage(store, doc, args.direction or "up", args.depth, args.relation, issuer=args.issuer,
                             date_from=args.date_from, date_to=args.date_to, planned=not args.no_planned)
        except (LookupError, ValueError) as error:  # kg.UnknownSymbol, kg.AmbiguousSymbol (names the candidates)
            err.write(f"kg lineage: {error}\n")
            return 1
        status = status_in_force(store, doc.iri)
    if args.format == "json":
        out.write(json.dumps({**result.to_dict(), "status": status.to_dict()}, ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(format_tree(result, evidence=args.evidence) + "\n")
        if status.state != "unknown":
            out.write(f"status: {status.text}\n")
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Serve the explorer on 127.0.0.1 until Ctrl-C; a port in use is one line, exit 1."""
    import socket
    import threading
    import webbrowser

    import uvicorn

    from kg.serve import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", args.port))
    except OSError as error:
        sock.close()
        err.write(f"kg serve: cannot listen on 127.0.0.1:{args.port} ({error.strerror or error}); give another --port\n")
        return 1
    sock.listen(128)  # a request that comes while the index is read waits in the queue, it is not refused
    with sock, _open(args) as store:
        app = create_app(store)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        out.write(f"kg serve: {url} (SPARQL at {url}query); Ctrl-C to stop\n")
        out.flush()
        threading.Thread(target=_say_when_indexed, args=(app.state.explorer, out), daemon=True).start()
        if args.open:
            webbrowser.open(url)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        server.run(sockets=[sock])
    return 0


def _say_when_indexed(explorer: Any, out: TextIO) -> None:
    """One line once the explorer's search index is read (or could not be)."""
    explorer.indexed.wait()
    if explorer.index is None:
        out.write(f"kg serve: search is unavailable: {explorer.index_error}\n")
    else:
        out.write(f"kg serve: {len(explorer.index)} documents searchable (index read in {explorer.index_seconds:.1f} s)\n")
    out.flush()


class _TextSink:
    """A binary writer over a text stream (for tests that capture stdout as text)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, data: bytes) -> int:
        self.out.write(data.decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self.out.flush()


def cmd_catalog(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the catalog rows a symbol or words match (symbol, date, term, body, title, source); exit 1 if none.
    With ``--gaps``, each register's missing numbers instead."""
    from kg.resolve.catalog import default_catalog_paths
    from kg.resolve.catalog_rows import catalog_files, find_rows, read_catalog

    if not args.gaps and not args.query:
        err.write("kg catalog: give a symbol or words to look up, or --gaps\n")
        return 2
    rows, registers = [], []
    for path in catalog_files([*default_catalog_paths(), *args.catalog]):
        found, facts = read_catalog(path)
        rows += found
        registers += facts
    if args.gaps:
        return _catalog_gaps(rows, registers, args, out)
    found = find_rows(rows, args.query, args.term)
    if not found:
        err.write(f"kg catalog: no row matches {args.query!r}{f' in term {args.term}' if args.term else ''}\n")
        return 1
    if args.format == "json":
        out.write(json.dumps([{"where": r.where, **r.values} for r in found], ensure_ascii=False, indent=1) + "\n")
        return 0
    for r in found:
        head = " · ".join(x for x in (r["symbol"] or r["kind"], r["date"] or "no date", r["term"] and f"khóa {r['term']}",
                                        r["plenum"] and f"Hội nghị Trung ương {r['plenum']}", r["issuer"]) if x)
        out.write(f"{head}\n    {r['title'] or '(no title)'}\n    source: {r['source']}\n")
        if r["note"]:
            out.write(f"    note: {r['note']}\n")
        out.write(f"    row: {r.where}\n")
    return 0


def _catalog_gaps(rows: list[Any], registers: list[dict[str, str]], args: argparse.Namespace, out: TextIO) -> int:
    """``kg catalog --gaps``: a line per register (numbers dated, undated, missing), then its missing numbers."""
    from kg.resolve.catalog_rows import number_ranges, register_gaps

    gaps = register_gaps(rows, registers, args.term)
    if args.format == "json":
        out.write(json.dumps([g.__dict__ for g in gaps], ensure_ascii=False, indent=1) + "\n")
        return 0
    for g in gaps:
        out.write(f"{g.term} {g.type}/{g.code}: up to {g.highest}{f' ({g.highest_date})' if g.highest_date else ''}: "
                  f"{len(g.dated)} dated, {len(g.undated)} without a date, {len(g.missing)} missing\n")
        if g.undated:
            out.write(f"    without a date: {number_ranges(g.undated)}\n")
        if g.missing:
            out.write(f"    missing: {number_ranges(g.missing)}\n")
    return 0


_COMMANDS = {
    "extract": cmd_extract, "build": cmd_build, "export": cmd_export, "check": cmd_check,
    "view": cmd_view, "query": cmd_query, "lineage": cmd_lineage, "catalog": cmd_catalog, "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kg`` console script."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args, sys.stdout, sys.stderr)
    except (StoreError, CatalogError, ValueError) as err:  # what a user's input or store can get wrong
        sys.stderr.write(f"kg {args.command}: {err}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # a folder that is missing, read-only or full
        where = f"{err.filename}: " if err.filename else ""
        sys.stderr.write(f"kg {args.command}: {where}{err.strerror or err}\n")
        return 1
    except Exception as err:  # noqa: BLE001 - anything unexpected is one line too, unless asked for the traceback
        if os.environ.get("KG_DEBUG"):
            raise
        sys.stderr.write(f"kg {args.command}: unexpected {type(err).__name__}: {err} (run with KG_DEBUG=1 for the traceback)\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
