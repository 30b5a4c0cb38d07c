"""Read a Word .docx file into plain text whose lines follow the document's paragraphs.

python-docx opens and validates the package; the text itself comes from a small walk over
the WordprocessingML tree, because ``Paragraph.text`` drops what a Party document needs:
footnote references (rendered here as superscript digits, which the normaliser records as
markers, and the footnotes appended at the end as ``¹ text`` lines, as in the text corpus),
content controls, and tracked insertions. Paragraphs and table cells, in document order,
are separated by a blank line; a line break inside a paragraph stays a single newline.

Not rendered: automatic list numbering (``1.``, ``a)`` produced by Word's numbering
definitions), text boxes, endnotes, headers and footers.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml.etree import _Element

from kg.read.decode import Decoded, ReadError, ReadOptions

__all__ = ["read_docx", "MAX_UNPACKED_BYTES"]

#: Largest total unpacked size of the package's parts; python-docx loads every part into memory.
MAX_UNPACKED_BYTES = 256 * 2**20
_CHUNK = 2**20  # inflated at a time while counting

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_P, _T = qn("w:p"), qn("w:t")
_LINE_BREAKS = {qn("w:br"), qn("w:cr")}
_TABS = {qn("w:tab"), qn("w:ptab")}
_NOTE_MARKS = {qn("w:footnoteReference"), qn("w:footnoteRef")}
# Block containers whose paragraphs are read in order: tables, rows, cells, content controls.
_CONTAINERS = {qn(t) for t in ("w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:customXml")}
# Inline content that is not part of the visible text: deletions, properties, drawings, text boxes.
_SKIP = {
    qn(t) for t in ("w:del", "w:moveFrom", "w:rPr", "w:pPr", "w:instrText", "w:drawing", "w:pict",
                    "w:object", "w:commentReference", "w:endnoteReference")
} | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_NOT_NOTES = {"separator", "continuationSeparator", "continuationNotice"}

Mark = Callable[[_Element], str]


def read_docx(data: bytes, options: ReadOptions | None = None) -> Decoded:
    """Text of a .docx file: body paragraphs and table cells in order, then its footnotes."""
    _check_package(data)
    document = _open(data)
    notes = _Footnotes(_footnote_elements(document))
    blocks = list(_blocks(document.element.body, notes.reference))
    blocks += notes.blocks()
    text = "\n\n".join(blocks)
    if not text.strip():
        raise ReadError("empty document (no text)")
    return Decoded(text, "docx")


def _invalid(err: BaseException) -> ReadError:
    """The one-line ``ReadError`` for a package python-docx or zipfile refused."""
    message = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
    detail = message.strip().splitlines()[0] if message.strip() else type(err).__name__
    if isinstance(err, zipfile.BadZipFile):
        detail = "not a zip archive" if "not a zip file" in detail.lower() else f"broken zip archive: {detail}"
    elif "is not a Word file" in detail:  # python-docx names the stream object, which tells the user nothing
        detail = "not a Word document; content type " + detail.rpartition("content type is ")[2]
    if len(detail) > 120:
        detail = detail[:117] + "..."
    return ReadError(f"not a valid .docx ({detail})")


def _check_package(data: bytes) -> None:
    """Refuse a file that is not a zip, or whose parts unpack to more than ``MAX_UNPACKED_BYTES`` (zip bombs).

    The parts are inflated and counted, chunk by chunk, not taken at their word: a header can declare 4 KB for a
    part that inflates to 3 GB. Counting stops at the limit, so memory stays at one chunk."""
    unpacked = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                with package.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_BYTES:
                            raise ReadError(f"docx too large when unpacked (over {MAX_UNPACKED_BYTES / 2**20:.0f} MB)")
    except ReadError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as err:  # RuntimeError: encrypted part
        raise _invalid(err) from None


def _open(data: bytes) -> DocxDocument:
    """Open the package with python-docx; any failure of a malformed package becomes a ``ReadError``."""
    try:
        return Document(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 - untrusted input: zipfile, lxml and python-docx raise many kinds
        raise _invalid(err) from None


def _footnote_elements(document: DocxDocument) -> dict[str, _Element]:
    """The document's real footnotes (not Word's separator entries) by id."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            try:
                root = parse_xml(rel.target_part.blob)
            except Exception as err:  # noqa: BLE001 - a malformed footnotes part is a malformed package
                raise _invalid(err) from None
            return {
                note.get(qn("w:id")): note
                for note in root.iterchildren(qn("w:footnote"))
                if note.get(qn("w:type")) not in _NOT_NOTES
            }
    return {}


class _Footnotes:
    """Footnotes numbered in order of first reference, as Word displays them."""

    def __init__(self, by_id: dict[str, _Element]) -> None:
        self._by_id = by_id
        self._numbers: dict[str, int] = {}

    def reference(self, ref: _Element) -> str:
        """The superscript number standing for a ``w:footnoteReference`` in the body."""
        note_id = ref.get(qn("w:id"))
        if note_id not in self._by_id or ref.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
            return ""  # a dangling reference, or a custom mark that follows as ordinary text
        number = self._numbers.setdefault(note_id, len(self._numbers) + 1)
        return str(number).translate(SUPERSCRIPT)

    def blocks(self) -> list[str]:
        """One ``¹ text`` block per referenced footnote, in number order."""
        out = []
        for note_id, number in self._numbers.items():
            own_mark = str(number).translate(SUPERSCRIPT)
            text = "\n".join(_blocks(self._by_id[note_id], lambda _el, m=own_mark: m))
            if text.strip():
                out.append(text)
        return out


def _blocks(container: _Element, mark: Mark) -> Iterator[str]:
    """Non-blank paragraph texts under ``container``, in document order (table cells row by row)."""
    for child in container:
        if child.tag == _P:
            text = _inline(child, mark)
            if text.strip():
                yield text
        elif child.tag in _CONTAINERS:
            yield from _blocks(child, mark)


def _inline(element: _Element, mark: Mark) -> str:
    """Visible text of a paragraph's runs, hyperlinks, fields and insertions; footnote marks via ``mark``."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # XML comments and processing instructions have a non-string tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _LINE_BREAKS:
            # A page or column break ends a page, not a line of text (as python-docx reads it).
            parts.append("" if child.get(qn("w:type")) in ("page", "column") else "\n")
        elif tag in _TABS:
            parts.append("\t")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif tag in _NOTE_MARKS:
            parts.append(mark(child))
        else:
            parts.append(_inline(child, mark))
    return "".join(parts)
