"""Resolve: mentions become documents, and documents citations.

``resolve_corpus`` grows the catalog from the corpus's long mentions, then resolves every file;
``resolve_file`` resolves one file against a catalog; ``merge`` puts every description of one
document onto it and reports where they disagree; ``check`` lists what a user should look at.
Plain dataclasses in and out (``kg.model``); the graph stage turns them into triples.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from kg.model import Citation, Document, Extraction, FileResolution, Identity, Reference
from kg.resolve.catalog import Catalog, LongMention, decide_descriptive, load_catalog
from kg.resolve.check import CheckReport, check, explain
from kg.resolve.evidence import decide_numbered
from kg.resolve.identity import (
    Citing, Decision, citing_context, copy_documents, is_long, mention_description, own_scope, register_of,
    self_document, unresolved,
)
from kg.resolve.merge import fill, merge
from kg.rules import load

__all__ = [
    "Addition", "Catalog", "CheckReport", "catalog_additions", "check", "document_relation", "explain", "grow_catalog",
    "grow_from",
    "load_catalog", "merge", "resolve_corpus", "resolve_file",
]


# --- relations -------------------------------------------------------------------------------

def document_relation(relations: Sequence[str]) -> str:
    """The strongest relation among a document's mentions (``kg.extract.relations.document_relation`` when it exists)."""
    try:
        from kg.extract.relations import document_relation as strongest
    except ImportError:
        strongest = None
    if strongest is not None:
        return strongest(list(relations))
    order = _precedence()
    return min(relations, key=lambda r: order.index(r) if r in order else len(order)) if relations else "cites"


@cache
def _precedence() -> list[str]:
    try:
        return list(load("cues")["precedence"])
    except (FileNotFoundError, KeyError):
        return list(load("resolve")["relation_precedence"])


# --- one file --------------------------------------------------------------------------------

def decide_references(extraction: Extraction, catalog: Catalog, citing: Citing | None = None) -> list[Decision]:
    """A decision for every reference of the file, in reference order."""
    citing = citing or citing_context(extraction, self_document(extraction).key)
    decisions = decide_numbered(extraction, citing, catalog)
    decisions.update(decide_descriptive(extraction, citing, catalog))
    return [decisions.get(i) or unresolved(citing, i, r, f"unknown reference kind {r.kind!r}")
            for i, r in enumerate(extraction.references)]


def resolve_file(extraction: Extraction, catalog: Catalog) -> FileResolution:
    """One file resolved: its own document, the documents it cites, the citations, and its copies."""
    own = self_document(extraction)
    citing = citing_context(extraction, own.key)
    decisions = decide_references(extraction, catalog, citing)
    cited = _cited_documents(extraction, decisions, catalog, own.key)
    citations = _citations(extraction, decisions, own.key) + _link_citations(extraction, decisions, own.key)
    return FileResolution(extraction=extraction, document=own, cited=cited, citations=citations,
                          copies=copy_documents(extraction),
                          methods=[d.method if d.key != own.key else "self" for d in decisions],
                          steps=[d.steps for d in decisions])


def _cited_documents(extraction: Extraction, decisions: Sequence[Decision], catalog: Catalog,
                     own_key: str) -> list[Document]:
    """One document per decided key (first-mention order): the catalog's description, then this file's mentions."""
    refs = extraction.references
    out = []
    for key, indices in _mentions_by_key(decisions, own_key).items():
        d = decisions[indices[0]]
        known = catalog.get(key)
        descriptions = catalog.catalog_descriptions(key)
        descriptions += [mention_description(extraction.source, i, refs[i]) for i in indices]
        first = refs[indices[0]]
        doc = Document(
            key=key, kind=d.kind, level=d.level, identity=d.identity,
            type=(d.identity.type if d.identity else (known.type if known else first.type)),
            number=(d.identity.number if d.identity else (known.number if known else first.number)),
            issuer_code=known.issuer_code if known else (first.issuer_code if d.kind == "unresolved" else None),
            term=first.term if d.kind in ("congress", "unresolved") else None,
            plenum=first.plenum if d.kind == "unresolved" else None,
            descriptions=descriptions, candidates=list(d.candidates), note=d.note,
        )
        out.append(fill(doc))
    return out


def _citations(extraction: Extraction, decisions: Sequence[Decision], own_key: str) -> list[Citation]:
    """One citation per cited document: the strongest relation over its mentions, the best-supported method."""
    refs = extraction.references
    return [_citation(extraction.source, own_key, key, [refs[i] for i in idx], idx,
                      [decisions[i] for i in idx]) for key, idx in _mentions_by_key(decisions, own_key).items()]


def _mentions_by_key(decisions: Sequence[Decision], own_key: str) -> dict[str, list[int]]:
    """The mentions (their indices) of each cited document, by its key in first-mention order; the file's own
    document is not cited."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(decisions):
        if d.key != own_key:
            by_key[d.key].append(i)
    return by_key


def _citation(source: str, citing: str, cited: str, mentions: Sequence[Reference], indices: Sequence[int],
              decisions: Sequence[Decision], stated_in: str | None = None,
              relations: Sequence[str] | None = None, cues: Sequence[str | None] | None = None,
              planned: Sequence[bool] | None = None) -> Citation:
    relations = list(relations if relations is not None else [m.relation for m in mentions])
    cues = list(cues if cues is not None else [m.cue for m in mentions])
    planned = list(planned if planned is not None else [m.planned for m in mentions])
    relation = document_relation(relations)
    governing = [k for k, r in enumerate(relations) if r == relation] or list(range(len(relations)))
    best = max(range(len(decisions)), key=lambda k: (decisions[k].confidence, -k))
    return Citation(
        source=source, citing=citing, cited=cited, relation=relation,
        cue=next((cues[k] for k in governing if cues[k]), None),
        planned=all(planned[k] for k in governing),
        method=decisions[best].method, confidence=decisions[best].confidence,
        references=sorted(set(indices)), stated_in=stated_in,
    )


def _link_citations(extraction: Extraction, decisions: Sequence[Decision], own_key: str) -> list[Citation]:
    """Relations the text states between two cited documents, one citation per (source, target) pair."""
    refs = extraction.references
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    for link in extraction.links:
        if not (0 <= link.source < len(refs) and 0 <= link.target < len(refs)):
            continue
        a, b = decisions[link.source], decisions[link.target]
        if a.key == b.key:
            continue
        pairs[(a.key, b.key)].append(link)
    out = []
    for (a, b), links in pairs.items():
        # the target's identification is the citation's method; the weaker of the two sides bounds its confidence
        c = _citation(
            extraction.source, a, b, [refs[link.target] for link in links],
            [i for link in links for i in (link.source, link.target)],
            [decisions[link.target] for link in links], stated_in=own_key,
            relations=[link.relation for link in links], cues=[link.cue for link in links],
            planned=[refs[link.source].planned for link in links],
        )
        c.confidence = min([c.confidence] + [decisions[link.source].confidence for link in links])
        out.append(c)
    return out


# --- the corpus ------------------------------------------------------------------------------

Addition = tuple[str, str, int, Document, LongMention]  # (key, source, reference index, document, long mention)


def catalog_additions(ext: Extraction) -> list[Addition]:
    """What one file adds to the catalog: its own record and its long mentions (origin ``corpus-catalog``).

    Computed file by file (a build does it in its extraction workers) and applied by ``grow_from``.
    """
    if ext.document is None:
        return []
    own = self_document(ext)
    citing = citing_context(ext, own.key)
    term = citing.term()
    additions: list[Addition] = []
    if own.identity:
        additions.append((own.key, ext.source, -1, own, LongMention(own.key, own.identity, term[0] if term else None, ext.source)))
    for i, ref in enumerate(ext.references):
        if not is_long(ref):
            continue
        jurisdiction, register, how, level = register_of(ref, citing)
        scope = own_scope(ref, level)
        if register is None or scope is None or ref.number is None or not ref.type:
            continue
        ident = Identity(jurisdiction, register, scope[0], ref.type, ref.number)
        doc = Document(key=ident.path, kind="document", level=level, identity=ident, symbol=ref.symbol,
                       type=ref.type, number=ref.number, issuer_code=ref.issuer_code,
                       descriptions=[mention_description(ext.source, i, ref)])
        additions.append((doc.key, ext.source, i, doc, LongMention(doc.key, ident, term[0] if term else None, ext.source)))
    return additions


def grow_from(additions: Iterable[Addition], catalog: Catalog) -> Catalog:
    """A copy of the catalog grown by ``additions``, sorted first, so the result does not depend on file order."""
    grown = catalog.copy()
    for _key, _src, _i, doc, mention in sorted(additions, key=lambda a: (a[0], a[1], a[2])):
        grown.add(doc)
        grown.add_mention(mention)
    grown.fill_all()  # here, not in every graph worker that reads the grown catalog
    return grown


def grow_catalog(extractions: Sequence[Extraction], catalog: Catalog) -> Catalog:
    """A copy of the catalog grown by every file's own record and every long mention (origin ``corpus-catalog``)."""
    return grow_from((a for ext in extractions for a in catalog_additions(ext)), catalog)


def resolve_corpus(extractions: Sequence[Extraction], catalog: Catalog) -> list[FileResolution]:
    """Grow the catalog from the corpus, then resolve every file (in input order; deterministic, order-independent)."""
    grown = grow_catalog(extractions, catalog)
    return [resolve_file(ext, grown) for ext in extractions]
