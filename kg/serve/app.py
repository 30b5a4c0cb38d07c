"""The explorer's web application (Starlette): search, document pages, the network around a document, SPARQL.

Routes:
    ``/``                     search box, the store's figures and its most cited documents
    ``/search?q=…``           results (``/api/search?q=…`` as JSON)
    ``/doc/{IRI path}``       a document's page (a stable URL from its IRI)
    ``/graph/{IRI path}``     the network around a document, expanded on click (``/api/neighbours?iri=…``)
    ``/query``                the SPARQL 1.1 Protocol endpoint (read-only; the union of the graphs)
    ``/sparql``               a page to write and run queries, the canned ``queries/`` one click away

Everything from the data reaches the page through Jinja's autoescape or as JSON read by scripts that put
it on screen with ``textContent``. The store is opened read-only; handlers run in Starlette's thread pool.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.query.records import document_count, most_cited, records
from kg.query.sparql import QUERIES_DIR, QueryError, load_query, run_query
from kg.serve.pages import doc_url, document_page, iri_of_path, neighbourhood
from kg.serve.protocol import ProtocolError, answer, query_text
from kg.serve.search import DocumentIndex
from kg.view.html import RELATION_COLOURS, TYPE_COLOURS, VIS_VERSION

__all__ = ["Explorer", "create_app"]

HERE = Path(__file__).resolve().parent
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / VIS_VERSION
SEARCH_LIMIT = 50


class Explorer:
    """The state the handlers share: the open store, its search index, the templates and the canned queries."""

    def __init__(self, store: Any, background: bool = True) -> None:
        self.store = store
        self.index: DocumentIndex | None = None
        self.index_seconds: float | None = None
        self.index_error: str | None = None
        self._started = time.perf_counter()
        self.indexed = threading.Event()
        if background:  # pages and SPARQL answer at once; search once the index is read (32 s at 100k documents)
            threading.Thread(target=self._read_index, name="kg-serve-index", daemon=True).start()
        else:
            self._read_index()
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                     autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
        self.templates.globals.update(url=lambda iri: doc_url(iri, store.base), relation_colours=RELATION_COLOURS,
                                      type_colours=TYPE_COLOURS)
        self.queries = {p.stem: load_query(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}
        self.top = list(records(store, most_cited(store, 20)).values())

    def _read_index(self) -> None:
        try:
            self.index = DocumentIndex.from_store(self.store)
        except Exception as err:  # noqa: BLE001 - the explorer goes on without search, and says why
            self.index_error = f"{type(err).__name__}: {err}"
        self.index_seconds = time.perf_counter() - self._started
        self.indexed.set()

    def _not_ready(self, as_json: bool) -> Response | None:
        """The answer to a search while the index is being read (or could not be), else None."""
        if self.index is not None:
            return None
        waited = time.perf_counter() - self._started
        text = (f"search is unavailable: reading the index failed ({self.index_error})" if self.index_error else
                f"the search index is still being read ({waited:.0f} s so far); document pages and SPARQL work now")
        if as_json:
            return JSONResponse({"error": text}, status_code=503, headers={"Retry-After": "5"})
        return self.page("wait.html.j2", 503, title="search is not ready", text=text, q="")

    def page(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(self.templates.get_template(template).render(**values), status_code=status)

    # ---- handlers

    def home(self, request: Request) -> Response:
        return self.page("home.html.j2", title="party-kg explorer", count=len(self.index) if self.index else None, top=self.top,
                         documents=document_count(self.store))

    def search_page(self, request: Request) -> Response:
        if (waiting := self._not_ready(as_json=False)) is not None:
            return waiting
        q = request.query_params.get("q", "")
        hits, total = self.index.search(q, SEARCH_LIMIT)
        return self.page("search.html.j2", title=f"{q} — search", q=q, hits=hits, total=total, limit=SEARCH_LIMIT)

    def search_json(self, request: Request) -> Response:
        if (waiting := self._not_ready(as_json=True)) is not None:
            return waiting
        q = request.query_params.get("q", "")
        limit = _int(request.query_params.get("limit"), SEARCH_LIMIT, 1, 500)
        hits, total = self.index.search(q, limit)
        return JSONResponse({"query": q, "total": total, "hits": [
            {**h.record.to_dict(), "url": doc_url(h.record.iri, self.store.base)} for h in hits]})

    def document(self, request: Request) -> Response:
        iri = iri_of_path(request.path_params["path"], self.store.base)
        try:
            page = document_page(self.store, iri, page=_int(request.query_params.get("page"), 0, 0, 10**6))
        except ValueError:  # not an IRI (a space, a quote …): no document can have it
            page = None
        if page is None:
            return self.page("missing.html.j2", 404, title="no such document", iri=iri)
        return self.page("document.html.j2", title=page.record.name, p=page, r=page.record,
                         graph_url="/graph/" + doc_url(iri, self.store.base)[len("/doc/"):])

    def graph(self, request: Request) -> Response:
        iri = iri_of_path(request.path_params["path"], self.store.base)
        try:
            record = records(self.store, [iri])[iri]
        except ValueError:
            return self.page("missing.html.j2", 404, title="no such document", iri=iri)
        return self.page("graph.html.j2", title=f"{record.name} — network", r=record,
                         data=htmlsafe_json_dumps({"focus": iri, "relations": RELATION_COLOURS}))

    def neighbours(self, request: Request) -> Response:
        iri = request.query_params.get("iri")
        if not iri:
            return JSONResponse({"error": "give ?iri=…"}, status_code=400)
        try:
            return JSONResponse(neighbourhood(self.store, iri))
        except ValueError:
            return JSONResponse({"error": f"not an IRI: {iri}"}, status_code=400)

    def sparql_page(self, request: Request) -> Response:
        canned = [{"name": name, "text": q.text, "doc": q.summary,
                   "params": [{"name": p.name, "description": p.description, "optional": p.optional} for p in q.params]}
                  for name, q in self.queries.items()]
        return self.page("sparql.html.j2", title="SPARQL", queries=canned, data=htmlsafe_json_dumps(canned))

    def canned(self, request: Request) -> Response:
        """A canned query run with its parameters as ``kg query --param`` takes them, answered as SPARQL JSON."""
        q = self.queries.get(request.path_params["name"])
        if q is None:
            return Response(f"no canned query {request.path_params['name']}\n", status_code=404, media_type="text/plain")
        try:
            result = run_query(self.store, q, dict(request.query_params))
        except (QueryError, LookupError) as err:
            return Response(f"{err}\n", status_code=400, media_type="text/plain")
        return Response(result.serialize(format="json"), media_type="application/sparql-results+json")

    async def query(self, request: Request) -> Response:
        body = await request.body() if request.method == "POST" else b""
        try:
            text = query_text(request.method, request.headers.get("content-type"), request.url.query, body)
            result = await run_in_threadpool(answer, self.store, text, request.headers.get("accept"))
        except ProtocolError as err:
            return Response(str(err) + "\n", status_code=err.status, media_type="text/plain")
        return Response(result.body, media_type=result.media_type)


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(text))) if text else default
    except ValueError:
        return default


def create_app(store: Any, background: bool = True) -> Starlette:
    """The explorer over an open (read-only) store; its search index is read in a thread unless not ``background``."""
    ex = Explorer(store, background)
    app = Starlette(routes=[
        Route("/", ex.home),
        Route("/search", ex.search_page),
        Route("/api/search", ex.search_json),
        Route("/api/neighbours", ex.neighbours),
        Route("/doc/{path:path}", ex.document),
        Route("/graph/{path:path}", ex.graph),
        Route("/query", ex.query, methods=["GET", "POST"]),
        Route("/sparql", ex.sparql_page),
        Route("/api/canned/{name}", ex.canned),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Mount("/vis", StaticFiles(directory=VIS_DIR), name="vis"),
    ])
    app.state.explorer = ex
    return app
