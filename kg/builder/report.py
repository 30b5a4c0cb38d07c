"""What a build did: counts and lists of files for the closing summary."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.api import files, skipped_summary

__all__ = ["BuildReport"]


@dataclass
class BuildReport:
    """What a build did, for the closing summary."""

    inputs: int = 0
    extracted: int = 0
    cached: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in input folders of a type that is not read
    unread: list[tuple[str, list[int]]] = field(default_factory=list)  # files with scanned pages left unread
    ocr_pages: int = 0  # scanned pages read by OCR in this build
    added: list[str] = field(default_factory=list)  # files new to the store
    changed: list[str] = field(default_factory=list)  # files whose bytes (or extractor) changed
    reresolved: list[str] = field(default_factory=list)  # same bytes, but their resolved triples changed
    unchanged: int = 0
    not_resolved: int = 0  # of the unchanged: kept without resolving them again (their catalog answers are the same)
    kept: list[str] = field(default_factory=list)  # in the store, not among the inputs (see --prune)
    pruned: list[str] = field(default_factory=list)
    catalog: str = "unchanged"  # unchanged | written
    documents: int = 0
    references: int = 0
    resolved: int = 0
    unresolved: int = 0
    quads: int = 0  # triples over the content graphs, a triple counted once per graph stating it
    seconds: float = 0.0
    store_bytes: int = 0

    @property
    def replaced(self) -> list[str]:
        """Files whose graph this build wrote."""
        return self.added + self.changed + self.reresolved

    def lines(self) -> list[str]:
        """The closing summary, a few lines of text."""
        out = [
            f"{self.documents} documents, {self.references} references "
            f"({self.resolved} resolved, {self.unresolved} unresolved), {self.quads} quads",
            f"files: {self.inputs} inputs, {self.extracted} extracted, {self.cached} from cache; "
            f"graphs: {len(self.added)} added, {len(self.changed)} changed, {len(self.reresolved)} re-resolved, "
            f"{self.unchanged} unchanged{f' ({self.not_resolved} not resolved again)' if self.not_resolved else ''}, "
            f"{len(self.failed)} failed, {len(self.pruned)} pruned; catalog {self.catalog}",
        ]
        if self.ocr_pages or self.unread:
            unread = sum(len(pages) for _, pages in self.unread)
            out.append(f"scanned pages: {self.ocr_pages} read by OCR, {unread} left unread"
                       + (f" in {files(len(self.unread))} (--no-ocr, or a page past its time bound)" if unread else ""))
        if (skipped := skipped_summary(self.skipped)) is not None:
            out.append(skipped)
        if self.reresolved:
            out.append("re-resolved (their text is unchanged, their citations changed): " + ", ".join(self.reresolved))
        if self.kept:
            are = "is" if len(self.kept) == 1 else "are"
            out.append(f"{files(len(self.kept))} in the store {are} not among the inputs (kept; --prune removes them)")
        out.append(f"{self.seconds:.1f} s" + (f", store {self.store_bytes / 1e6:.1f} MB" if self.store_bytes else ""))
        return out
