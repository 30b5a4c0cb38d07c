"""Descriptions → documents: every description of one document merged onto it; disagreements become conflicts.

Values are compared after normalising what does not change their meaning (case, whitespace,
tone placement, an issuer's long or short name, a title's leading ``về``, a type word that names
the same code), so that only real disagreements are reported.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from kg.model import Conflict, Description, Document, FileResolution
from kg.rules import load, party_types, type_code_for_word
from kg.rules.lexicon import skeleton

__all__ = [
    "DESCRIBED", "ORIGIN_RANK", "add_descriptions", "agree", "fill", "merge", "merge_documents",
    "normal_issuer", "normal_title", "title_words",
]

# What a description can say about a document, in the order conflicts are reported.
DESCRIBED = ("symbol", "type_word", "date", "issuer", "term", "plenum", "title")
# Whose word counts first when filling a document's fields: its own text, then the checked
# catalog, then a long mention elsewhere in the corpus, then any mention.
ORIGIN_RANK = {"self": 0, "catalog": 1, "corpus-catalog": 2, "mention": 3}
_TITLE_AGREE = 0.5  # share of the shorter title's words the longer one must contain


@cache
def _aliases() -> list[tuple[re.Pattern[str], str]]:
    table = load("resolve")["issuer_aliases"]
    out = []
    for name, patterns in table.items():
        if name.startswith("_"):
            continue
        for p in patterns:
            out.append((re.compile(p.replace(" ", r"\s+")), skeleton(name)))
    return out


def _squash(text: str) -> str:
    return " ".join(skeleton(text).replace("–", "-").split())


def normal_issuer(issuer: str) -> str:
    """An issuer's usual name as a comparison key: ``Ban Chấp hành Trung ương Đảng`` = ``Hội nghị Trung ương 4`` = the Committee."""
    key = _squash(issuer).strip(" .,;")
    for pattern, name in _aliases():
        if pattern.fullmatch(key):
            return name
    return key


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(load("resolve")["subject"]["stop_words"])


def title_words(title: str) -> set[str]:
    """The content words of a title (skeleton), without quotes, punctuation and stop words."""
    return {w for w in re.findall(r"[a-z0-9]+", skeleton(title)) if w not in _stop_words()}


def normal_title(title: str) -> str:
    """A title as a comparison key: no quotes, no leading ``về``/``về việc``, one space."""
    key = re.sub(r"[“”\"'«»*]", "", _squash(title)).strip(" .,;:")
    return re.sub(r"^ve (viec )?", "", key)


def agree(field: str, a: object, b: object) -> bool:
    """Whether two values of a described field say the same thing."""
    if field == "title":
        wa, wb = title_words(str(a)), title_words(str(b))
        if not wa or not wb:
            return normal_title(str(a)) == normal_title(str(b))
        return len(wa & wb) / min(len(wa), len(wb)) >= _TITLE_AGREE
    return _key(field, a) == _key(field, b)


@lru_cache(maxsize=1 << 16)
def _key(field: str, value: object) -> object:
    if field == "issuer":
        return normal_issuer(str(value))
    if field == "type_word":
        return type_code_for_word(str(value)) or _squash(str(value))
    if field == "symbol":
        return _symbol_key(str(value))
    if field in ("date", "plenum"):
        return value
    if field == "title":
        return normal_title(str(value))
    return _squash(str(value))


def _symbol_key(symbol: str) -> str:
    m = re.fullmatch(r"0*(\d+)\s*-\s*(.+)", symbol.strip())
    return f"{int(m.group(1))}-{m.group(2).replace(' ', '')}" if m else symbol.replace(" ", "")


def _value(description: Description, field: str) -> object:
    return getattr(description, field)


def pick(descriptions: Sequence[Description], field: str) -> object:
    """The value a document takes for ``field``: the best-ranked origin's most frequent value."""
    best: tuple[int, int, int] | None = None
    chosen: object = None
    counts: dict[object, int] = {}
    for d in descriptions:
        v = _value(d, field)
        if v not in (None, ""):
            counts[_key(field, v)] = counts.get(_key(field, v), 0) + 1
    for i, d in enumerate(descriptions):
        v = _value(d, field)
        if v in (None, ""):
            continue
        rank = (ORIGIN_RANK.get(d.origin, 9), -counts[_key(field, v)], i)
        if best is None or rank < best:
            best, chosen = rank, v
    return chosen


def fill(document: Document) -> Document:
    """``document`` with its fields taken from its descriptions (identity first, then the best description)."""
    ds = document.descriptions
    ident = document.identity
    symbol = pick(ds, "symbol") or document.symbol
    term = pick(ds, "term") or document.term
    if ident and ident.jurisdiction == "dang" and not term and _is_term(ident.scope) and "@" not in ident.register:
        term = ident.scope
    return replace(
        document,
        symbol=symbol,
        type=document.type or (ident.type if ident else None),
        number=document.number if document.number is not None else (ident.number if ident else None),
        issuer_code=document.issuer_code or (ident.register.split("@")[0] if ident else None),
        issuer=pick(ds, "issuer") or document.issuer,
        date=pick(ds, "date") or document.date,
        term=term,
        plenum=pick(ds, "plenum") if pick(ds, "plenum") is not None else document.plenum,
        title=pick(ds, "title") or document.title,
    )


def _is_term(scope: str) -> bool:
    return bool(re.fullmatch(r"[IVXL]+", scope))


def add_descriptions(target: list[Description], new: Iterable[Description],
                     seen: set[tuple] | None = None) -> list[Description]:
    """Append the descriptions not already in ``target`` (same source, origin, reference and values); return them.

    ``seen`` (the identities of ``target``'s descriptions, kept by the caller) makes repeated calls linear.
    """
    if seen is None:
        seen = {_identity_of(d) for d in target}
    added = []
    for d in new:
        k = _identity_of(d)
        if k not in seen:
            seen.add(k)
            target.append(d)
            added.append(d)
    return added


def _identity_of(d: Description) -> tuple[object, ...]:
    return (d.source, d.origin, getattr(d, "reference", None), *(getattr(d, f) for f in DESCRIBED))


def merge_documents(documents: Iterable[Document]) -> dict[str, Document]:
    """Documents with the same key become one, carrying every distinct description; sorted by key."""
    by_key: dict[str, Document] = {}
    seen: dict[str, set[tuple]] = defaultdict(set)
    for doc in documents:
        have = by_key.get(doc.key)
        if have is None:
            by_key[doc.key] = replace(doc, descriptions=[], candidates=list(doc.candidates))
            have = by_key[doc.key]
        elif have.kind == "unresolved" and doc.kind != "unresolved":
            by_key[doc.key] = replace(doc, descriptions=have.descriptions, candidates=list(doc.candidates))
            have = by_key[doc.key]
        if have.identity is None and doc.identity is not None:
            have.identity = doc.identity
        add_descriptions(have.descriptions, doc.descriptions, seen[doc.key])
    return {k: fill(by_key[k]) for k in sorted(by_key)}


def conflicts_of(document: Document) -> list[Conflict]:
    """The fields on which ``document``'s descriptions disagree, each with every value and who says it."""
    out = []
    for field in DESCRIBED:
        groups: list[tuple[object, dict[str, None]]] = []  # first-seen value → sources (ordered)
        for d in document.descriptions:
            v = _value(d, field)
            if v in (None, ""):
                continue
            for value, sources in groups:
                if agree(field, value, v):
                    sources.setdefault(d.source)
                    break
            else:
                groups.append((v, {d.source: None}))
        if len(groups) > 1 and not _chain_agrees(field, [g[0] for g in groups]):
            out.append(Conflict(key=document.key, field=field, values={str(v): list(s) for v, s in groups}))
    return out


def _chain_agrees(field: str, values: list[object]) -> bool:
    """Titles agree when one value agrees with all the others (a short title and two longer wordings of it)."""
    if field != "title":
        return False
    return any(all(agree(field, hub, v) for v in values) for hub in values)


def merge(resolutions: Sequence[FileResolution]) -> tuple[dict[str, Document], list[Conflict]]:
    """Every document of every file (own, cited, copies) merged by key, and the conflicts among their descriptions."""
    docs: list[Document] = []
    for r in resolutions:
        docs.append(r.document)
        docs.extend(r.cited)
        docs.extend(getattr(r, "copies", []))
    merged = merge_documents(docs)
    conflicts = [c for d in merged.values() for c in conflicts_of(d)]
    return merged, conflicts


def known_type_words(code: str) -> set[str]:
    """The words that name a party type code (``QĐ``: quy định, quyết định)."""
    info = party_types().get(code)
    return {_squash(w) for w in info["words"]} if info else set()
