"""The plain data every stage exchanges: read → extract → resolve → graph.

Offsets named ``start``/``end`` in these classes index the *original* decoded text
(``original[start:end]`` is what the user sees) unless a field says otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
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
    date_part: str | None = None  # "2016-11" or "2016": a date line whose day (and month) are left blank
    place: str | None = None
    title: str | None = None
    signers: list[Signer] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)


# --- references (issue: cross-references) ---

@dataclass(kw_only=True, slots=True)
class TailFacts:
    """What the descriptive tail after a reference says of the document it names (``ngày …, của …, khóa …``)."""

    term: str | None = None
    plenum: int | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None


@dataclass(kw_only=True)
class Described(TailFacts):
    """What a mention says of the document it names: its symbol and parts, and its descriptive tail."""

    symbol: str | None = None
    type: str | None = None
    type_word: str | None = None
    number: int | None = None
    issuer_code: str | None = None
    year: int | None = None


@dataclass
class Reference(Described):
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
class OcrPage:
    """A page read by OCR (a scan): its number (from 1) and Tesseract's mean word confidence (0–100)."""

    page: int
    confidence: float


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
    ocr: list[OcrPage] = field(default_factory=list)  # pages without a text layer that OCR read
    unread_pages: list[int] = field(default_factory=list)  # pages without a text layer left unread (OCR off or timed out)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``kg extract`` prints for this file, and the extraction cache keeps."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "document": plain(self.document),
            "references": [plain(r) for r in self.references],
            "links": [link.to_dict() for link in self.links],
            "errors": list(self.errors),
            "ocr": [plain(p) for p in self.ocr],
            "unread_pages": list(self.unread_pages),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """The inverse of ``to_dict`` (fields an older model wrote and this one lacks are left out)."""
        doc = data.get("document")
        record = None
        if doc is not None:
            record = _known(Record, {**doc, "signers": [_known(Signer, s) for s in doc.get("signers", [])],
                                     "copies": [_known(Copy, c) for c in doc.get("copies", [])],
                                     "received": [_known(Received, r) for r in doc.get("received", [])]})
        links = [Link(k["from"], k["relation"], k["to"], k.get("cue")) for k in data.get("links", [])]
        return _known(cls, {**data, "document": record, "links": links,
                            "ocr": [_known(OcrPage, p) for p in data.get("ocr", [])],
                            "references": [_known(Reference, r) for r in data.get("references", [])]})


def _known(cls: type, data: dict[str, Any]) -> Any:
    """``cls(**data)`` for the fields ``cls`` knows."""
    known = _FIELD_NAMES.get(cls) or tuple(f.name for f in fields(cls))
    return cls(**{k: v for k, v in data.items() if k in known})


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """A dataclass as plain JSON values, field by field (``dataclasses.asdict`` deep-copies every value it walks)."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        if not is_dataclass(value):
            return value
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    out = {}
    for n in names:
        v = getattr(value, n)
        out[n] = v if type(v) in _ATOMS else plain(v)
    return out


_ATOMS = frozenset({str, int, float, bool, type(None)})


# --- resolution (resolve → graph): mentions become documents ---

@dataclass(frozen=True, slots=True)
class Identity:
    """What makes a document one document: its numbering register, the scope its numbers restart in, type, number.

    ``18-NQ/TW`` of term XII and of term XIII differ in ``scope``; ``158-KL/ĐUK`` of two provinces
    differ in ``register`` (a local register is qualified by its body: ``ĐUK@<body-slug>``).
    """

    jurisdiction: str  # "dang" (Party) or "nha-nuoc" (state)
    register: str  # issuer code, e.g. "TW", "BTCTW", "ĐUK@thua-thien-hue-khoi-co-quan-va-doanh-nghiep"
    scope: str  # Central Committee term ("XIII"), a local body's term ("VI"), or a year ("2020")
    type: str
    number: int

    @property
    def path(self) -> str:
        """The identity as an IRI path: ``dang/TW/XIII/NQ/18``."""
        return f"{self.jurisdiction}/{self.register}/{self.scope}/{self.type}/{self.number}"


@dataclass(slots=True)
class Description(TailFacts):
    """What one source says about a document: its own record, a citing mention's tail, or a catalog row."""

    source: str  # source file path, or "catalog:<file>:<row>"
    origin: str  # "self", "mention", "catalog", "corpus-catalog"
    symbol: str | None = None
    type_word: str | None = None
    reference: int | None = None  # for a mention: its index in the source file's Extraction.references


@dataclass(slots=True)
class Document(TailFacts):
    """A document node: one identity, however many ways it is described.

    ``key`` is stable across runs and becomes the IRI path: ``Identity.path`` for identified
    documents, ``ref/<sha256 of citing file>/<reference index>`` for an unresolved reference,
    ``file/<sha256>`` for a source document that has no number of its own, and ``charter`` /
    ``platform`` / ``congress/<term>`` for those texts.
    """

    key: str
    kind: str  # "document", "congress", "charter", "platform", "copy", "unresolved"
    level: str  # "central", "local", "state", "unresolved"
    identity: Identity | None = None
    symbol: str | None = None
    type: str | None = None
    number: int | None = None
    issuer_code: str | None = None
    descriptions: list[Description] = field(default_factory=list)
    # for an unresolved reference: the keys it could be (a plenum's documents), and why it is not decided
    candidates: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One piece of evidence in resolving a reference: what it is, the candidates it leaves, and why (``kg check --explain``)."""

    evidence: str  # "date", "term", "exists", "register", "subject", "citing-date" ...
    kept: tuple[str, ...]  # the candidate scopes (terms, years) or keys left after this step
    why: str


@dataclass
class Citation:
    """One document citing another (or, with ``stated_in``, a relation a text states between two cited ones)."""

    source: str  # the source file whose text says it
    citing: str  # Document.key
    cited: str  # Document.key
    relation: str  # implements, continues, amends, ..., cites
    cue: str | None
    planned: bool
    method: str  # how ``cited`` was identified: "symbol+date", "symbol+term", "plenum+subject", "citing-date", "catalog", "unresolved" ...
    confidence: float  # 0..1
    references: list[int] = field(default_factory=list)  # indices into the file's Extraction.references
    stated_in: str | None = None  # for a link between two cited documents: the key of the document stating it


@dataclass
class Conflict:
    """Descriptions of one document that disagree on a field: either the identity or a text is wrong."""

    key: str  # Document.key
    field: str  # "date", "issuer", "title", "type_word", ...
    values: dict[str, list[str]] = field(default_factory=dict)  # value → sources saying it


@dataclass
class FileResolution:
    """One source file resolved: its own document, the documents it cites, and the citations."""

    extraction: Extraction
    document: Document
    cited: list[Document] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # the file's copy stamps (Record.copies) as documents of the copying body's register, kind "copy"
    copies: list[Document] = field(default_factory=list)
    # how each reference (by index into extraction.references) was resolved: Citation.method of its own mention
    methods: list[str] = field(default_factory=list)
    # per reference, the evidence that decided it, in the order it was weighed
    steps: list[tuple[Step, ...]] = field(default_factory=list)
