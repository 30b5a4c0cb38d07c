"""A document's status in force, as the build derived it into the summary graph (``kg.graph.summary``).

A replacement or repeal that a dated document made ends the document's force from that date; an amendment
changes it and leaves it in force. Announced changes (``pk:planned true``) count for nothing. With no done
change on record the status is ``unknown``: the graph cannot tell "in force" from "not cited by its successor".
``changes`` lists every done change (``queries/replaced-by.rq``), newest first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Status", "status_in_force"]

STATES = ("replaced", "repealed", "amended", "unknown")


@dataclass(frozen=True)
class Status:
    """``state`` is one of ``STATES``; ``by``/``by_label``/``since`` name the change that decided it (for
    ``amended``, the newest amendment), ``citation`` the citation it was derived from."""

    state: str
    text: str
    by: str | None = None
    by_label: str | None = None
    since: str | None = None
    citation: str | None = None
    changes: tuple[dict[str, str], ...] = field(default=())

    @property
    def in_force(self) -> bool | None:
        """False once replaced or repealed; None when the graph cannot say (amended or nothing known)."""
        return False if self.state in ("replaced", "repealed") else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"state": self.state, "text": self.text, "by": self.by, "by_label": self.by_label, "since": self.since,
                "citation": self.citation, "changes": list(self.changes)}


def status_in_force(store: Any, iri: str) -> Status:
    """The status of the document ``iri``: ``replaced by 24-QĐ/TW (XIII) on 2021-07-30``, ``repealed by …``,
    ``amended by …`` or ``no change known``."""
    from rdflib import URIRef

    from kg.graph.summary import SUMMARY_GRAPH
    from kg.query.records import records, select
    from kg.query.sparql import QUERIES_DIR, load_query, run_query

    graph = str(store.iris.graph(SUMMARY_GRAPH))
    found = select(store, f"""SELECT ?status ?by ?since ?citation WHERE {{ GRAPH <{graph}> {{
        ?st pk:statusOf <{URIRef(iri)}> ; pk:status ?status ; pk:statusBy ?by ; prov:wasDerivedFrom ?citation .
        OPTIONAL {{ ?st pk:statusSince ?since }} }} }}""")
    rows = run_query(store, load_query(QUERIES_DIR / "replaced-by.rq"), {"doc": URIRef(iri)}).bindings
    changes = tuple({str(k): str(v) for k, v in row.items() if v is not None} for row in rows)
    if not found:
        return Status("unknown", "no change known", changes=changes)
    row = found[0]
    state, by, since = row["status"].rsplit("/", 1)[-1], row["by"], row.get("since")
    since = str(since) if since is not None else None
    label = records(store, [by])[by].label or by
    if state == "amended":
        names = dict.fromkeys(c.get("label", c["by"]) for c in changes) or {label: None}
        text = "amended by " + ", ".join(names)
    else:
        text = f"{state} by {label}" + (f" on {since}" if since else "")
    return Status(state, text, by, label, since, row["citation"], changes)
