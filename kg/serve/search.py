"""Search over every document of a store: symbol, label, title, issuing body and place, with or without diacritics.

The index is read once when the explorer starts (one scan of the summary graph's records) and held as plain
entries; a query is matched word by word on skeletons (lower case, no diacritics, ``đ`` as ``d``): each word of
the query must begin a word of the entry. Exact symbols rank first, then symbols that hold every word, then the
most cited.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.query.records import DocumentRecord, records, select
from kg.rules.lexicon import skeleton

__all__ = ["DocumentIndex", "Hit", "words"]

_WORD = re.compile(r"[a-z0-9]+")
_SYMBOL_SHAPED = re.compile(r"\d[\w.]*\s*[-/]\s*\w")  # 26-NQ/TW, 456/QĐ-TTg: a query for one symbol


def words(text: str | None) -> list[str]:
    """The skeleton words of ``text``: ``Nghị quyết 26-NQ/TW`` → ``['nghi', 'quyet', '26', 'nq', 'tw']``."""
    return _WORD.findall(skeleton(text)) if text else []


@dataclass(frozen=True)
class Hit:
    """One search result: the document's record and how well it matched (lower is better)."""

    record: DocumentRecord
    rank: int


class DocumentIndex:
    """Every document, copy and unresolved reference of a store, searchable by words.

    Words are kept in one sorted vocabulary with the entries that hold each, so that a query word
    finds every word it begins by bisection, and entries are intersected as sets.
    """

    def __init__(self, docs: Iterable[DocumentRecord]) -> None:
        self.docs: list[DocumentRecord] = sorted(docs, key=lambda r: r.iri)
        postings: dict[str, set[int]] = {}
        self._symbol_words: list[tuple[str, ...]] = []
        for i, r in enumerate(self.docs):
            self._symbol_words.append(tuple(words(r.symbol or r.label)))
            for w in {*words(r.symbol), *words(r.label), *words(r.title), *words(r.issuer), *words(r.place),
                      *words(r.type_word), *(r.date or "")[:4].split()}:
                postings.setdefault(w, set()).add(i)
        self._vocabulary = sorted(postings)
        self._postings = [postings[w] for w in self._vocabulary]

    @classmethod
    def from_store(cls, store: Any) -> DocumentIndex:
        """The index of every legal resource the store holds (documents, catalog rows, copies, unresolved)."""
        iris = [r["d"] for r in select(store, "SELECT DISTINCT ?d WHERE { ?d a eli:LegalResource }")]
        return cls(records(store, iris, scan=True).values())

    def __len__(self) -> int:
        return len(self.docs)

    def _entries_with(self, prefix: str) -> set[int]:
        """Entries holding a word that begins with ``prefix``."""
        out: set[int] = set()
        i = bisect_left(self._vocabulary, prefix)
        while i < len(self._vocabulary) and self._vocabulary[i].startswith(prefix):
            out |= self._postings[i]
            i += 1
        return out

    def search(self, query: str, limit: int = 50) -> tuple[list[Hit], int]:
        """The best ``limit`` hits for ``query`` and how many entries matched in all; a query shaped like a symbol
        matches symbols only (``01-KL/HU`` is not every text with ``01``, ``kl`` and ``hu…`` among its words)."""
        wanted = words(query)
        if not wanted:
            return [], 0
        found: set[int] | None = None
        for w in sorted(set(wanted), key=len, reverse=True):  # the longest word narrows the most, first
            entries = self._entries_with(w)
            found = entries if found is None else found & entries
            if not found:
                return [], 0
        assert found is not None
        exact = tuple(wanted)

        def rank(i: int) -> int:
            own = self._symbol_words[i]
            return 0 if own == exact else 1 if all(any(o.startswith(w) for o in own) for w in wanted) else 2

        if _SYMBOL_SHAPED.search(query):
            found = {i for i in found if rank(i) < 2}
        ranked = sorted(found, key=lambda i: (rank(i), self.docs[i].kind != "document", -self.docs[i].times_cited,
                                              _newest_first(self.docs[i].date), self.docs[i].label, self.docs[i].iri))
        return [Hit(self.docs[i], rank(i)) for i in ranked[:limit]], len(found)


def _newest_first(date: str | None) -> str:
    """A sort key putting later dates first and undated documents last."""
    return "".join(chr(0x7F - ord(c)) for c in date) if date else "\x7f"
