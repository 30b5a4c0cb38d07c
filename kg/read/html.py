"""Read an HTML page into plain text whose lines follow the page's blocks.

Parser: the standard library's ``html.parser.HTMLParser``. It tokenises real-world (broken)
HTML leniently, unescapes entities, and treats ``<script>``/``<style>`` bodies as raw text;
we only need the text and where blocks begin and end, not a tree, so BeautifulSoup or lxml
would add a dependency and a DOM build for nothing.

Rules: the bodies of script, style, noscript, template, title, svg and math elements are
dropped; block elements (p, div, li, tr, td, h1-h6, ...) start and end a paragraph, shown
as a blank line, like the other readers; ``<br>`` ends a line; inline elements add nothing;
white space collapses as a browser shows it, except inside ``<pre>``. Table cells are blocks
because a Party document's header is a two-column table (issuing body and number on the
left, "ĐẢNG CỘNG SẢN VIỆT NAM" and place/date on the right), and each of those lines must
stay a line. Digits in ``<sup>`` become superscript digits, so the normaliser records
footnote markers as it does in text files.

Encoding: a byte order mark, else ``<meta charset>`` or ``<meta http-equiv="Content-Type">``
in the page's head, else the plain-text detection of ``decode_bytes`` (UTF-8, Windows-1258).
A page whose bytes are valid UTF-8 is read as UTF-8 whatever it declares: text in a legacy
code page is practically never valid UTF-8 by chance, while UTF-8 pages labelled
ISO-8859-1 by a server or template are common. ISO-8859-1 and ASCII labels mean
Windows-1252, as in browsers. A label that does not fit the bytes falls back to detection.
"""
from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from kg.read.decode import Decoded, ReadError, ReadOptions, check_text, decode_bytes

__all__ = ["read_html", "html_to_text", "declared_charset"]

_DROP = {"script", "style", "noscript", "template", "title", "svg", "math"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_PRESERVE_SPACE = {"pre", "textarea", "listing", "plaintext", "xmp"}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head\s*>|<body\b", re.IGNORECASE)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)  # LE UTF-32 starts as UTF-16
_AS_BROWSERS_DO = {"iso8859-1": "cp1252", "ascii": "cp1252"}  # by codecs' canonical names
_UTF16_32 = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
_DISPLAY = {"cp1258": "windows-1258", "cp1252": "windows-1252"}


def read_html(data: bytes, options: ReadOptions | None = None) -> Decoded:
    """Visible text of an HTML page; ``encoding`` is ``html:<charset used>``."""
    text, charset = _decode(data)
    body = html_to_text(text)
    if not body.strip():
        raise ReadError("empty document (no text)")
    return Decoded(body, f"html:{charset}")


def html_to_text(markup: str) -> str:
    """Text of decoded HTML: dropped elements removed, blocks separated by a blank line."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError as err:  # html.parser asserts on some malformed <![...]> sections
        raise ReadError(f"not valid HTML ({err})") from None
    return parser.text()


def declared_charset(data: bytes) -> str | None:
    """The text codec named by the page's ``<meta charset>`` or http-equiv Content-Type, if Python has it."""
    head = data[:65536]
    end = _HEAD_END.search(head)
    for meta in _META.finditer(head, 0, end.start() if end else len(head)):
        found = _CHARSET.search(meta.group())
        if found:
            try:
                name = codecs.lookup(found.group(1).decode("ascii")).name
                "a".encode(name)  # refuses codecs that are not text encodings (base64, rot13)
            except LookupError:
                return None
            return name
    return None


def _decode(data: bytes) -> tuple[str, str]:
    """Decode the page's bytes: BOM, then UTF-8 when valid, then the declared charset, then detection."""
    if not data.strip():
        raise ReadError("empty file (no text)")
    if data.startswith(_BOMS):
        decoded = decode_bytes(data)
        return decoded.text, decoded.encoding
    charset = declared_charset(data)
    if charset and charset != "utf-8" and not data.isascii():
        try:
            return check_text(data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            pass
    if charset in _UTF16_32:
        charset = "utf-8"  # a page without a BOM cannot be UTF-16/32; browsers read the label as UTF-8
    charset = _AS_BROWSERS_DO.get(charset, charset) if charset else None
    if charset:
        try:
            return check_text(data.decode(charset)), _DISPLAY.get(charset, charset)
        except UnicodeDecodeError:
            pass  # mislabelled: fall back to detection rather than fail or garble
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


class _TextParser(HTMLParser):
    """Collects visible text; records paragraph and line breaks as pending newlines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._pending = 0  # newlines owed before the next text: 1 after <br>, 2 after a block edge
        self._drop = 0  # depth inside dropped elements
        self._pre = 0  # depth inside white-space-preserving elements
        self._sup = 0

    def text(self) -> str:
        """The collected text, without trailing white space."""
        return "".join(self._parts).rstrip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self._drop += 1
        elif tag == "br":
            self._break(1)
        elif tag in _BLOCKS:
            self._break(2)
        if tag in _PRESERVE_SPACE:
            self._pre += 1
        elif tag == "sup":
            self._sup += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(self._drop - 1, 0)
        elif tag in _BLOCKS:
            self._break(2)
        if tag in _PRESERVE_SPACE:
            self._pre = max(self._pre - 1, 0)
        elif tag == "sup":
            self._sup = max(self._sup - 1, 0)

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        if not self._pre:
            data = _HTML_SPACE.sub(" ", data)
            if self._pending or not self._parts or self._parts[-1][-1] in " \n":
                data = data.lstrip(" ")  # white space collapses across element boundaries too
        if self._sup and data.strip().isdigit():
            data = data.translate(_SUPERSCRIPT)
        if not data:
            return
        if self._pending:
            self._parts[-1] = self._parts[-1].rstrip(" ")
            self._parts.append("\n" * self._pending)
            self._pending = 0
        self._parts.append(data)

    def _break(self, newlines: int) -> None:
        """Owe a line break (1) or a paragraph break (2); never more than one blank line, none at the start."""
        if self._parts and not self._drop:
            self._pending = min(2, self._pending + 1) if newlines == 1 else 2
