"""Questions to the graph: SPARQL with bound parameters, document lookup, lineage walks, networkx export.

    >>> import kg
    >>> with kg.open_store(".kg-store") as store:                     # doctest: +SKIP
    ...     doc = kg.lookup(store, "18-NQ/TW", term="XII")
    ...     for path in kg.lineage(store, doc, direction="down", depth=2):
    ...         print(path)
"""
from kg.query.lineage import Lineage, LineagePath, LineageStep, format_tree, lineage, paths
from kg.query.networkx import to_networkx
from kg.query.records import AmbiguousSymbol, Citation, DocumentRecord, Evidence, UnknownSymbol, lookup
from kg.query.sparql import QueryError, find_query, format_result, run_query
from kg.query.status import Status, status_in_force

__all__ = ["AmbiguousSymbol", "Citation", "DocumentRecord", "Evidence", "Lineage", "LineagePath", "LineageStep",
           "QueryError", "UnknownSymbol", "find_query", "format_result", "format_tree", "lineage", "lookup", "paths",
           "run_query", "Status", "status_in_force", "to_networkx"]
