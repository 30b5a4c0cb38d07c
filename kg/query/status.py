"""A document's status in force, from the done changes the graph holds (``queries/replaced-by.rq``).

A replacement or repeal that a dated document made ends the document's force from that date; an amendment
changes it and leaves it in force. Announced changes (``pk:planned true``) count for nothing. With no done
change on record the status is ``unknown``: the graph cannot tell "in force" from "not cited by its successor".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Status", "status_in_force"]

STATES = ("replaced", "repealed", "amended", "unknown")


@dataclass(frozen=True)
class Status:
    """``state`` is one of ``STATES``; ``by``/``by_label``/``since`` name the change that ended the force (or the
    newest amendment); ``changes`` lists every done change, newest first, as plain dicts."""

    state: str
    text: str
    by: str | None = None
    by_label: str | None = None
    since: str | None = None
    changes: tuple[dict[str, str], ...] = field(default=())

    @property
    def in_force(self) -> bool | None:
        """False once replaced or repealed; None when the graph cannot say (amended or nothing known)."""
        return False if self.state in ("replaced", "repealed") else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"state": self.state, "text": self.text, "by": self.by, "by_label": self.by_label, "since": self.since,
                "changes": list(self.changes)}


def status_in_force(store: Any, iri: str) -> Status:
    """The status of the document ``iri``: ``replaced by 24-QĐ/TW (XIII) on 2021-07-30``, ``repealed by …``,
    ``amended by …`` or ``no change known``."""
    from rdflib import URIRef

    from kg.query.sparql import QUERIES_DIR, load_query, run_query

    rows = run_query(store, load_query(QUERIES_DIR / "replaced-by.rq"), {"doc": URIRef(iri)}).bindings
    changes = tuple({str(k): str(v) for k, v in row.items() if v is not None} for row in rows)
    ending = next((c for c in changes if c.get("relation") in ("replaces", "repeals")), None)
    if ending:
        state = "replaced" if ending["relation"] == "replaces" else "repealed"
        label = ending.get("label", ending["by"])
        text = f"{state} by {label}" + (f" on {ending['date']}" if ending.get("date") else "")
        return Status(state, text, ending["by"], label, ending.get("date"), changes)
    if changes:
        newest = changes[0]
        text = "amended by " + ", ".join(dict.fromkeys(c.get("label", c["by"]) for c in changes))
        return Status("amended", text, newest["by"], newest.get("label"), newest.get("date"), changes)
    return Status("unknown", "no change known", changes=changes)
