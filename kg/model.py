"""The plain data every stage exchanges: read → extract → resolve → graph.

Offsets named ``start``/``end`` in these classes index the *original* decoded text
(``original[start:end]`` is what the user sees) unless a field says otherwise.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kg.read.normalise import Marker, Text

__all__ = [
    "Copy", "Extraction", "Footnote", "Link", "Marker", "Received", "Record", "Reference",
    "Region", "Signer", "Structure", "Text",
]


# --- structure of one document (normalised-text offsets: stages work on Text.text) ---

@dataclass(frozen=True)
class Region:
    """A stretch of the normalised text with one role.

    kind: ``header`` (issuing body, number, place/date lines), ``title`` (type word and
    subject), ``body``, ``footnote``, ``received`` (a reception stamp), ``recipients``
    (``Nơi nhận`` and its list), ``signature``, ``copy`` (a SAO Y / SAO LỤC / TRÍCH SAO stamp).
    """

    kind: str
    start: int
    end: int
    number: int | None = None  # footnote number, or the copy's index in Record.copies


@dataclass(frozen=True)
class Footnote:
    """A footnote: its number, the normalised span of its text, and where its markers stand."""

    number: int
    start: int
    end: int
    markers: tuple[int, ...] = ()  # normalised positions of the markers that point to it
    # every stretch of its text, in order: (start, end) is the first; a footnote cut by a page
    # break goes on below the next page's body, so its text can come in two or more stretches
    parts: tuple[tuple[int, int], ...] = ()


@dataclass
class Structure:
    """A document's layout: regions in text order (they do not overlap) and its footnotes."""

    regions: list[Region] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[Region]:
        """The regions of the given kinds, in text order."""
        return [r for r in self.regions if r.kind in kinds]


# --- the document's own record ---

@dataclass
class Signer:
    """One signature: ``mode`` is T/M, K/T, T/L, TL or None; ``on_behalf_of`` the line after the mode."""

    name: str | None
    capacity: str | None
    mode: str | None = None
    on_behalf_of: str | None = None


@dataclass
class Copy:
    """A copy stamp appended by a lower body: a distribution event of the same document."""

    kind: str  # "sao y", "sao lục", "trích sao"
    symbol: str | None
    org: str | None
    place: str | None
    date: str | None
    signer: str | None
    symbol_raw: str | None = None
    signer_capacity: str | None = None
    signer_mode: str | None = None
    recipients: list[str] = field(default_factory=list)


@dataclass
class Received:
    """A reception stamp (``THÀNH ỦY ... / Số 201 / Ngày 28/12/2023``): the receiver's register, not the document's number."""

    org: str | None
    number: str | None
    date: str | None


@dataclass
class Record:
    """What a document says about itself. Null where the text does not say; never a guess."""

    symbol: str | None = None  # normalised: "04-KL/BTCTW"
    symbol_raw: str | None = None  # as printed: "04 - KL/BTCTW"
    type: str | None = None  # type code: KL, NQ, TB ...
    type_word: str | None = None  # "Kết luận", "Thông báo" ...
    number: int | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    date: str | None = None  # ISO
    place: str | None = None
    title: str | None = None
    signers: list[Signer] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)


# --- references (issue: cross-references) ---

@dataclass
class Reference:
    """One mention of another document, with its evidence and what the text says about it.

    ``start``/``end`` span the reference itself; ``full_start``/``full_end`` add its
    descriptive tail (date, issuer, term, plenum, title). All index the original text.
    """

    kind: str  # symbol, state, plenum, congress, number, charter, platform
    text: str
    start: int
    end: int
    full_start: int
    full_end: int
    symbol: str | None = None
    type: str | None = None
    type_word: str | None = None
    number: int | None = None
    issuer_code: str | None = None
    year: int | None = None
    term: str | None = None
    plenum: int | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    relation: str = "cites"
    cue: str | None = None
    planned: bool = False
    in_footnote: bool = False
    footnote: int | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class Link:
    """A relation the text states between two cited documents (indices into ``references``)."""

    source: int
    relation: str
    target: int
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "relation": self.relation, "to": self.target, "cue": self.cue}


# --- one input file's result ---

@dataclass
class Extraction:
    """Everything ``kg extract`` reports for one input file."""

    source: str
    sha256: str | None = None
    encoding: str | None = None
    document: Record | None = None
    references: list[Reference] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``kg extract`` prints for this file."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "document": asdict(self.document) if self.document else None,
            "references": [asdict(r) for r in self.references],
            "links": [link.to_dict() for link in self.links],
            "errors": list(self.errors),
        }
