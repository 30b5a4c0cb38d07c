"""What a file's resolution read of the catalog: the questions it asked, in order, and one digest of the answers.

``resolve_file`` reads the catalog through eight questions only (``get``, ``numbered``, ``of_plenum``,
``plenums``, ``titles``, ``catalog_descriptions``, ``mention_scopes``, ``registers.reach``), so a file's
resolution is a function of its extraction and their answers. A rebuild asks an unchanged file's questions
again of the new catalog (``replay``): the same digest means the same resolution, and it is kept without
resolving the file again. Each question follows from the answers before it, so asking the recorded ones
in order is enough.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from kg.model import Description, Document
from kg.resolve.catalog import Catalog
from kg.resolve.registers import Reach

__all__ = ["CatalogReads", "Question", "replay"]

Question = tuple[str, tuple[Any, ...]]  # a method of the catalog's read interface and its arguments


class CatalogReads:
    """A catalog's read interface for ``resolve_file`` that keeps each question and a digest of its answer."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._digest = hashlib.blake2b(digest_size=16)
        self.questions: list[Question] = []
        self.registers = _RegisterReads(self)

    def digest(self) -> str:
        """One digest of every answer given so far, in order."""
        return self._digest.hexdigest()

    def ask(self, name: str, *args: Any) -> Any:
        answer = _answer(self._catalog, name, args)
        self.questions.append((name, args))
        self._digest.update(_answer_digest(self._catalog, name, answer))
        return answer

    def get(self, key: str) -> Document | None:
        return self.ask("get", key)

    def numbered(self, jurisdiction: str, register: str, type_: str, number: int,
                 origin: str | None = None) -> list[Document]:
        return self.ask("numbered", jurisdiction, register, type_, number, origin)

    def of_plenum(self, term: str, plenum: int, type_: str | None = None) -> list[Document]:
        return self.ask("of_plenum", term, plenum, type_)

    def plenums(self, key: str) -> set[int]:
        return self.ask("plenums", key)

    def titles(self, key: str) -> list[str]:
        return self.ask("titles", key)

    def catalog_descriptions(self, key: str) -> list[Description]:
        return self.ask("catalog_descriptions", key)

    def mention_scopes(self, jurisdiction: str, register: str, type_: str, number: int, citing_term: str,
                       exclude: str) -> set[str]:
        return self.ask("mention_scopes", jurisdiction, register, type_, number, citing_term, exclude)


class _RegisterReads:
    """``catalog.registers`` as ``CatalogReads`` gives it: ``reach`` is a question too."""

    def __init__(self, reads: CatalogReads) -> None:
        self._reads = reads

    def reach(self, code: str, type_: str, term: str, on: str) -> Reach | None:
        return self._reads.ask("reach", code, type_, term, on)


def replay(catalog: Catalog, questions: Sequence[Question]) -> str:
    """The digest ``CatalogReads`` gives for these questions asked again of ``catalog``, in their order."""
    reads = CatalogReads(catalog)
    for name, args in questions:
        reads.ask(name, *args)
    return reads.digest()


def _answer(catalog: Catalog, name: str, args: tuple[Any, ...]) -> Any:
    if name == "reach":
        return catalog.registers.reach(*args)
    return getattr(catalog, name)(*args)


def _answer_digest(catalog: Catalog, name: str, answer: Any) -> bytes:
    """An answer as bytes to digest (the questions are asked again in the same order, so they need not be); a
    document by its digest in the catalog (made once)."""
    if name == "get":
        text = catalog.digest(answer.key) if answer is not None else "-"
    elif name in ("numbered", "of_plenum"):
        text = " ".join(catalog.digest(d.key) for d in answer)
    elif name in ("plenums", "mention_scopes"):
        text = repr(sorted(answer))
    elif name == "reach":
        text = "-" if answer is None else f"{answer.number} {answer.why}"
    else:  # titles, catalog_descriptions: lists of strings and dataclasses
        text = repr(answer)
    return text.encode("utf-8", "surrogateescape") + b"\x00"
