"""Relations: the cue words that say how the citing document, or two cited ones, relate.

``assign_relations`` reads the normalised text as a stream of tokens per region (the body, each
footnote), with every reference a single token, and for each reference finds the cue that
governs it: the nearest cue before it in its clause that reaches it. A cue reaches across its
object (at most ``max_gap`` words), coordinated references (``, và, gắn với``) and their dates,
issuers and titles; it stops at a sentence end, ``:``, an item marker, a word that opens a new
predicate (``đã``, ``là``, ``để`` ...) and at ``;`` unless another object follows (``; các ...``).

A cue inside a reference's own tail (``Kế hoạch số 07-KH/TW ngày 17/8/2022 thực hiện ...``,
``Kết luận số 01-KL/TW ... về tiếp tục thực hiện ...``) states a link between that reference and
the ones it governs; those mentions stay ``cites`` for the citing document. A cue inside an
outer cue's object (``tiếp tục quán triệt, triển khai ... chương trình hành động thực hiện X``)
takes the outer cue's stronger relation. A footnote's references, when no cue of the footnote
governs them, take the relation of the place its marker stands in the body. Status changes
(amends, replaces, repeals) announced as work to be done are ``planned`` and stay ``cites``.

All words, limits and signals are data in ``kg/rules/cues.json``. The work is linear in the
text: each walk is bounded by its clause, by ``_MAX_WALK`` tokens and by ``_MAX_CANDIDATES`` cues.

Speed. Nothing read for a reference crosses a sure clause stop (``:``, ``!``, ``?``, ``…``, a ``.``
before a space, the ``(`` of ``(1)``), so a stream holds only the chunks between such stops that
contain a reference or lie either side of a footnote marker (about a third of a document; a tail
reads through ``(c)``, so only digits count there). Tokens come from one ``re.split`` per span; each
distinct token string has one ``_Tok`` (forms, flags, and a bitmask of the phrase lists a phrase of
which can begin with it), so matching is tried only where it can succeed, and a phrase list is a
trie of its readings. Offsets are worked out for the few tokens that need them, object starters
only where a walk asks.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import accumulate, compress, product
from operator import attrgetter
from typing import Any

from kg.extract.layout import CAPS_LINE_MAX, CLOSERS, LIST_ITEM, STOPS, caps_line, carries_on, ends_with_stop, heading_block
from kg.model import Link, Reference, Region, Structure, Text
from kg.rules import load, party_types, term_of
from kg.rules.lexicon import accented, skeleton

__all__ = ["assign_relations", "document_relation", "precedence"]

_MAX_WALK = 600  # tokens a cue may be looked for across
_MAX_CANDIDATES = 12  # cues tried per reference, nearest first
_WINDOW = 6000  # characters read on either side of a reference or a footnote marker

_CHAINED = frozenset({"implements", "continues"})  # cues that take a stronger relation from an outer cue

# token kinds
_W, _P, _NL, _REF, _B = range(5)
# walk results
_TOP, _TITLE, _BLOCK, _FAR = range(4)


# --- words: case and diacritics ---

# Words are compared by their skeletons (lower case, no diacritics, đ → d): kg.rules.lexicon.skeleton.
fold = skeleton


@cache
def _char_compatible(a: str, b: str) -> bool:
    """Whether text character ``a`` is ``b`` with some or all of its marks lost (``ư`` for ``ự``, ``e`` for ``ế``)."""
    if a == b or a == skeleton(b):
        return True
    da, db = unicodedata.normalize("NFD", a), unicodedata.normalize("NFD", b)
    return da[0] == db[0] and set(da[1:]) <= set(db[1:])


@lru_cache(maxsize=1 << 16)
def _compatible(word: str, lexical: str) -> bool:
    """Whether a text word (lower case) is ``lexical`` written with all, some or none of its diacritics."""
    return len(word) == len(lexical) and all(a == b or _char_compatible(a, b) for a, b in zip(word, lexical))


_NUMBER_WORDS = ("hai", "ba", "bốn", "tư", "sáu", "bảy", "tám", "chín", "mười")
_NUMBER_RE = re.compile(r"\d+(?:[.,/]\d+)*")
_ROMAN_RE = re.compile(r"[IVXLC]+")
_DATE_RE = re.compile(r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?")


_NUMBER_FOLDS = frozenset(fold(w) for w in _NUMBER_WORDS)


def _is_number(low: str) -> bool:
    """Digits (``05``, ``4.500``) or a number word (``hai``, ``mười``)."""
    if low[:1].isdigit():
        return bool(_NUMBER_RE.fullmatch(low))
    return fold(low) in _NUMBER_FOLDS and any(_compatible(low, w) for w in _NUMBER_WORDS)


# --- tokens ---

# Words (joined by '.', '/', '-', or ',' before a digit), a line break run, '...', any other character but white
# space. split() with the group gives [gap, token, gap, token, ..., gap]. Possessive: nothing follows to backtrack for.
_TOKEN_SPLIT = re.compile(r"([^\W_]++(?:(?:[./-]|,(?=\d))[^\W_]++)*+|\n[ \t\n]*+|\.\.\.|[^\s\w]|_)")
_HARD_PUNCT = frozenset({".", "!", "?", ":", "...", "…"})
_OPEN_QUOTES = frozenset({"“", "«", '"'})
_CLOSE_QUOTES = frozenset({"”", "»"})
_TOKEN_CACHE = 50_000  # distinct token strings kept before the cache starts afresh (bounds its memory)


class _Tok:
    """What a token reads as: its kind, forms and flags. One object stands for every occurrence of a token
    string; a stream keeps where each occurrence stands (``_Stream.offsets``)."""

    __slots__ = ("checked", "fold", "group", "hard", "kind", "low", "num", "opens", "skip", "soft", "upper")

    def __init__(self, kind: int, low: str = "", folded: str = "", num: bool = False, soft: bool = False,
                 group: int = -1) -> None:
        self.kind, self.low, self.fold, self.num, self.soft, self.group = kind, low, folded, num, soft, group
        self.upper = False  # a word written with a capital first letter
        self.hard = kind == _B or kind == _NL and not soft or kind == _P and low in _HARD_PUNCT
        self.skip = kind == _P and low == "," or kind == _NL and soft  # may stand between a phrase's words
        self.opens = 0  # bits of the phrase lists some phrase of which can begin here (words, set by ``_Tokens``)
        self.checked = kind == _P and low in (",", "(")  # looked at by ``_index_stream``


_NL_SOFT = _Tok(_NL, soft=True)  # a line break inside a sentence (a page break, a wrapped line)
_NL_HARD = _Tok(_NL)
_BOUNDARY = _Tok(_B)
_IS_HARD = attrgetter("hard")
_IS_CHECKED = attrgetter("checked")


class _Tokens(dict[str, _Tok]):
    """Token string → its ``_Tok`` under one lexicon, made on first sight (words repeat)."""

    def __init__(self, lex: _Lexicon) -> None:
        super().__init__()
        self.lex = lex

    def split(self, span: str) -> tuple[list[int], list[_Tok]]:
        """The lengths of ``span``'s ``split`` parts (gap, token, gap, ..., gap) and its tokens."""
        parts = _TOKEN_SPLIT.split(span)
        return list(map(len, parts)), list(map(self.__getitem__, parts[1::2]))

    def __missing__(self, g: str) -> _Tok:
        if len(self) >= _TOKEN_CACHE:
            self.clear()
        self[g] = tok = self._make(g)
        return tok

    def _make(self, g: str) -> _Tok:
        if g[0] == "\n":
            return _NL_SOFT
        if not g[0].isalnum():
            return _Tok(_P, g, g)
        low = g.lower()
        tok = _Tok(_W, low, fold(low), _is_number(low))
        tok.upper = g[0].isupper()
        tok.opens = sum(m.bit for m in self.lex.matchers() if m.could_open(tok))
        tok.checked = bool(tok.opens & self.lex.indexed)
        return tok


def _tokenize(s: str, a: int, b: int, tokens: _Tokens, toks: list[_Tok], offsets: _Offsets | None = None,
              hard_runs: Sequence[tuple[int, int]] = ()) -> None:
    """Append the tokens of ``s[a:b]`` (and the span to ``offsets``); a line break is soft unless it lies inside
    one of ``hard_runs`` (after its start)."""
    lengths, found = tokens.split(s[a:b])
    if not found:
        return
    first = len(toks)
    toks.extend(found)
    if offsets is not None:
        offsets.add(first, a, lengths)
    if hard_runs:
        starts = list(accumulate(lengths, initial=a))[1:-1:2]
        for x, y in hard_runs:
            for i in range(bisect_right(starts, x), bisect_left(starts, y)):
                if toks[first + i].kind == _NL:
                    toks[first + i] = _NL_HARD


class _Offsets:
    """Where the tokens of a stream stand in the text, worked out for a tokenised span when first asked for (few
    are): each span is its first token's index, where it starts, and its ``split`` parts' lengths or its end."""

    def __init__(self) -> None:
        self.firsts: list[int] = []
        self.origins: list[int] = []
        self.spans: list[list[int] | int] = []
        self.bounds: dict[int, list[int]] = {}  # span → [start, end, start, end, ...] of its tokens

    def add(self, first: int, origin: int, span: list[int] | int) -> None:
        """A span of tokens from index ``first``, starting at ``origin``: split parts' lengths, or one token's end."""
        self.firsts.append(first)
        self.origins.append(origin)
        self.spans.append(span)

    def _bounds(self, j: int) -> list[int]:
        got = self.bounds.get(j)
        if got is None:
            span = self.spans[j]
            if isinstance(span, int):
                got = [self.origins[j], span]
            else:
                got = list(accumulate(span, initial=self.origins[j]))[1:-1]
            self.bounds[j] = got
        return got

    def start(self, k: int) -> int:
        """Where token ``k`` starts."""
        j = bisect_right(self.firsts, k) - 1
        return self._bounds(j)[2 * (k - self.firsts[j])]

    def end(self, k: int) -> int:
        """Where token ``k`` ends."""
        j = bisect_right(self.firsts, k) - 1
        return self._bounds(j)[2 * (k - self.firsts[j]) + 1]

    def first_from(self, pos: int, n: int) -> int:
        """Index of the first of the ``n`` tokens that starts at or after ``pos`` (``n`` if none does)."""
        j = bisect_left(self.origins, pos)
        if j > 0:  # the span before may reach past pos
            starts = self._bounds(j - 1)[0::2]
            i = bisect_left(starts, pos)
            if i < len(starts):
                return self.firsts[j - 1] + i
        return self.firsts[j] if j < len(self.firsts) else n


_NEWLINES_RE = re.compile(r"\n[ \t\n]*")
# Read on the reversed text: a line break, then only closers and white space, then a clause stop. Where it starts
# is where ``ends_with_stop(s, line, a)`` holds for the line before. Reversed, the scan skips ahead on the line
# breaks (3x faster than looking for the stops).
_STOP_BEFORE_BREAK = re.compile(f"\\n(?:[{re.escape(CLOSERS)}]|[^\\S\\n])*+[{re.escape(STOPS)}]")


class _Breaks:
    """Which line breaks of a document end a clause.

    A line break is only layout (a wrapped line, a page break: ``của đồng chí`` / ``Tổng Bí thư``)
    unless the next line opens a list item (``-``, ``(1)``, ``2.1.``, ``II.``) or a heading stands on
    either side of it: a line in capitals, or after a blank line, a short one-line paragraph that
    is numbered or was a Markdown heading. Sentence-final punctuation ends a clause by itself.
    """

    def __init__(self, text: Text) -> None:
        s = self.text = text.text
        self.runs: list[tuple[int, int]] = []
        self._capitals: dict[int, bool] = {}  # line end → whether the line's letters are capitals
        para_start = 0
        last = len(s) - 1
        stops = {last - m.start() for m in _STOP_BEFORE_BREAK.finditer(s[::-1])}  # most clause ends, found at once
        for m in _NEWLINES_RE.finditer(s):
            a, b = m.span()
            blank = s.count("\n", a, b) > 1
            if a in stops or self._ends_clause(text, a, b, para_start if blank else None):
                self.runs.append((a, b))
            if blank:
                para_start = b
        self.starts = [a for a, _ in self.runs]

    def _ends_clause(self, text: Text, a: int, b: int, para_start: int | None) -> bool:
        """Whether the line break ``s[a:b]`` ends a clause; ``para_start`` is given for a blank-line break."""
        s = text.text
        if b >= len(s) or LIST_ITEM.match(s, b):
            return True
        line = s.rfind("\n", 0, a) + 1
        if ends_with_stop(s, line, a):
            return True
        end = s.find("\n", b)
        end = end if end >= 0 else len(s)
        before, after = self._caps_line(line, a), self._caps_line(b, end)
        if before and after and para_start is None:
            return False  # a title in capitals wrapped over lines: 'CHƯƠNG TRÌNH HÀNH ĐỘNG … THỰC' / 'HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW'
        if before or after:
            return True
        if para_start is None:
            return False
        return heading_block(text, para_start, a)  # the paragraph before the blank line (it ends with no stop)

    def _caps_line(self, a: int, b: int) -> bool:
        """``caps_line(s[a:b])`` for a line ending at ``b``: each line is a next line, then a previous one (with
        its leading blanks), so whether its letters are capitals is kept by where it ends."""
        if b - a > CAPS_LINE_MAX:
            return False
        caps = self._capitals.get(b)
        if caps is None:
            caps = self._capitals[b] = caps_line(self.text[a:b])
        return caps

    def within(self, a: int, b: int) -> Iterable[tuple[int, int]]:
        """The clause-ending line break runs of ``s[a:b]``, cut to it as a search of ``s[a:b]`` finds them."""
        s = self.text
        for k in range(max(0, bisect_right(self.starts, a) - 1), bisect_left(self.starts, b)):
            x, y = self.runs[k]
            x = s.find("\n", max(x, a), min(y, b))
            if x >= 0:
                yield x, min(y, b)


# --- the lexicon ---

@dataclass(frozen=True)
class _Item:
    words: tuple[str, ...]  # lexical words, lower case; "<N>" is a number
    optional: bool


@dataclass(frozen=True)
class _Phrase:
    items: tuple[_Item, ...]
    value: Any = None


def _parse_phrase(phrase: str, value: Any = None) -> _Phrase:
    """``"tổng kết [việc] [<N> năm] thực hiện"`` → items; commas are dropped (they are optional in text)."""
    items = []
    for m in re.finditer(r"\[([^\]]+)\]|(\S+)", unicodedata.normalize("NFC", phrase.replace(",", " ")).lower()):
        if m.group(1):
            items.append(_Item(tuple(m.group(1).split()), True))
        else:
            items.append(_Item((m.group(2),), False))
    return _Phrase(tuple(items), value)


_End = tuple[int, "_Phrase", int, int]  # a reading ending at a trie node: (phrase's place, phrase, reading, words)
_NUMBERED = 1 << 20  # places of the phrases opening with a number come after those looked up by a word


class _Node:
    """A node of a trie of phrase readings: the words that may come next, and the readings that end here."""

    __slots__ = ("ends", "next")

    def __init__(self) -> None:
        self.next: list[tuple[str, str | None, _Node]] = []  # (lexical word, its stable fold, node); "<n>" a number
        self.ends: list[_End] = []

    def add(self, words: tuple[str, ...], end: _End) -> None:
        node = self
        for w in words:
            node = next((child for word, _, child in node.next if word == w), None) or node._child(w)
        node.ends.append(end)

    def _child(self, w: str) -> _Node:
        child = _Node()
        self.next.append((w, _stable_fold(w), child))
        return child


class _Matcher:
    """Longest match of a set of phrases at a token, word by word, tolerant of missing diacritics.

    In an accented text (``strict``) a word written bare (``thi``) does not stand for an accented
    one (``thì``) on its own: a match needs at least one of its words to carry its diacritics.

    Phrases are looked up by the folded form of their first word (or ``<n>``); the readings of those
    found under one key (optional groups in or out) share a trie, so a common start is read once.
    """

    def __init__(self, phrases: Iterable[_Phrase]) -> None:
        self.by_first: dict[str, list[_Phrase]] = {}
        for p in phrases:
            first = p.items[0].words[0]
            self.by_first.setdefault("<n>" if first == "<n>" else fold(first), []).append(p)
        self.tries: dict[str, _Node] = {}
        for key, found in self.by_first.items():
            root = self.tries[key] = _Node()
            for k, p in enumerate(found):
                for r, words in enumerate(_readings(p)):
                    root.add(words, (k + _NUMBERED if key == "<n>" else k, p, r, len(words)))
        self.bit = 0  # this list's bit in ``_Tok.opens``, given by its lexicon

    def _roots(self, tok: _Tok) -> list[_Node]:
        """The tries looked up for a word: by its folded form, and by ``<n>`` if it is a number."""
        out = [self.tries[tok.fold]] if tok.fold in self.tries else []
        if tok.num and "<n>" in self.tries:
            out.append(self.tries["<n>"])
        return out

    def could_open(self, tok: _Tok) -> bool:
        """Whether a reading of some phrase looked up for this word begins with it (else ``match`` fails there)."""
        return any(root.ends or any(_reads_as(tok, w, f) is not None for w, f, _ in root.next)
                   for root in self._roots(tok))

    def match(self, toks: list[_Tok], i: int, strict: bool = True) -> tuple[int, _Phrase] | None:
        """(end index, phrase) of the longest phrase starting at token ``i``: each phrase read the longest way (with
        fewest bare words among equally long readings, the first such), the first phrase of the longest."""
        tok = toks[i]
        if not tok.opens & self.bit:  # not a word, or no phrase can begin with it
            return None
        got: list[tuple[_End, int, int]] = []  # (reading, end, bare words)
        if (root := self.tries.get(tok.fold)) is not None:
            _walk(root, toks, i, 0, True, got)
        if tok.num and (root := self.tries.get("<n>")) is not None:
            _walk(root, toks, i, 0, True, got)
        if len(got) > 1:  # each phrase's best reading first: longest, fewest bare words, first
            got.sort(key=lambda g: (g[0][0], -g[1], g[2], g[0][2]))
        out: tuple[int, _Phrase] | None = None
        place = None
        for (k, phrase, _, words), end, bare in got:
            if k == place:
                continue  # another reading of the phrase just seen
            place = k
            if strict and bare and bare == words:
                continue
            if out is None or end > out[0]:
                out = (end, phrase)
        return out


def _readings(p: _Phrase) -> list[tuple[str, ...]]:
    """Every reading of a phrase, optional groups in or out: in order, groups in before groups out."""
    choices = [(item.words, ()) if item.optional else (item.words,) for item in p.items]
    return [tuple(w for words in combo for w in words) for combo in product(*choices)]


def _stable_fold(w: str) -> str | None:
    """``fold(w)``, which a text word must share to be ``w`` written with fewer marks; None if folding it again
    would change it (then no such shortcut is taken)."""
    f = fold(w)
    return f if fold(f) == f else None


def _reads_as(t: _Tok, w: str, folded: str | None) -> int | None:
    """None if token ``t`` cannot be lexical word ``w`` (``folded``: its stable fold); else 1 if it is ``w`` written
    bare, 0 if not."""
    if t.kind != _W:
        return None
    if w == "<n>":
        return 0 if t.num else None
    if t.low == w:
        return 0
    if folded is not None and t.fold != folded or not _compatible(t.low, w):
        return None
    return 1 if t.low.isascii() else 0


def _walk(node: _Node, toks: list[_Tok], i: int, bare: int, first: bool, got: list[tuple[_End, int, int]]) -> None:
    """Follow the tokens from ``i`` down the trie; add (reading, end, bare words) of every reading that ends on the
    way. A comma or a line break inside a sentence may stand between two words."""
    for end in node.ends:
        got.append((end, i, bare))
    if not node.next:
        return
    if not first and i < len(toks) and toks[i].skip:
        i += 1
    if i >= len(toks) or toks[i].kind != _W:
        return
    t = toks[i]
    low, tfold = t.low, t.fold
    for w, folded, child in node.next:
        if low == w:  # the common case of _reads_as, inline
            _walk(child, toks, i + 1, bare, False, got)
        elif folded is not None and folded != tfold and w != "<n>":
            continue  # another word (what _reads_as would find, without the call)
        elif (b := _reads_as(t, w, folded)) is not None:
            _walk(child, toks, i + 1, bare + b, False, got)


@dataclass(frozen=True)
class _CueRule:
    relation: str
    kind: str  # "verb" or "theo"
    limit: int


@dataclass
class _Lexicon:
    precedence: list[str]
    rank: dict[str, int]
    status: frozenset[str]
    succession: frozenset[str]
    cues: _Matcher
    continuation: _Matcher
    max_insert: int
    continues_over: frozenset[str]
    continuation_relation: str
    void_after: _Matcher
    connectors: _Matcher
    blockers: _Matcher
    bare_blockers: _Matcher
    np_starters: _Matcher
    changed_objects: _Matcher
    alias_openers: _Matcher
    openers: _Matcher
    name_heads: _Matcher
    tail_stops: _Matcher
    governors: _Matcher
    item_openers: _Matcher
    future: _Matcher
    negators: _Matcher
    marker_nouns: _Matcher
    task_headings: _Matcher
    proposal_types: frozenset[str]
    tokens: _Tokens = field(init=False)
    indexed: int = field(init=False)  # bits of the lists ``_index_stream`` matches at every word

    def __post_init__(self) -> None:
        for k, m in enumerate(self.matchers()):
            m.bit = 1 << k
        self.indexed = sum(m.bit for m in (self.connectors, self.blockers, self.bare_blockers, self.cues,
                                           self.continuation))
        self.tokens = _Tokens(self)

    def matchers(self) -> list[_Matcher]:
        """Every phrase list of the lexicon."""
        return [v for v in vars(self).values() if isinstance(v, _Matcher)]


def _words(phrases: Iterable[str]) -> _Matcher:
    return _Matcher(_parse_phrase(p) for p in phrases)


@cache
def _lexicon() -> _Lexicon:
    """The cue lexicon of ``kg/rules/cues.json``, compiled once."""
    data = load("cues")
    gap = int(data["max_gap"])
    cue_phrases = [
        _parse_phrase(p, _CueRule(c["relation"], c.get("kind", "verb"), int(c.get("max_gap", gap))))
        for c in data["cues"] for p in c["phrases"]
    ]
    cont = data["continuation"]
    type_words = {w for info in party_types().values() for w in info["words"]}
    planned = data["planned"]
    return _Lexicon(
        precedence=list(data["precedence"]),
        rank={r: i for i, r in enumerate(data["precedence"])},
        status=frozenset(data["status_changing"]),
        succession=frozenset(data["succession"]),
        cues=_Matcher(cue_phrases),
        continuation=_words(cont["phrases"]),
        max_insert=int(cont["max_insert"]),
        continues_over=frozenset(cont["over"]),
        continuation_relation=cont["relation"],
        connectors=_words(c for c in data["connectors"] if c != ","),
        np_starters=_words([*data["np_starters"], *sorted(type_words), "điều lệ", "cương lĩnh"]),
        **{name: _words(data[key]) for name, key in _PHRASE_LISTS.items()},
        **{name: _words(planned[name]) for name in _PLANNED_LISTS},
        proposal_types=frozenset(planned["proposal_types"]),
    )


# the lexicon's plain phrase lists: field → its key in cues.json; and those kept under "planned", by their field name
_PHRASE_LISTS = {
    "void_after": "void_after", "blockers": "blockers", "bare_blockers": "bare_blockers",
    "changed_objects": "changed_objects", "alias_openers": "alias_openers", "openers": "title_openers",
    "name_heads": "name_heads", "tail_stops": "tail_stops",
}
_PLANNED_LISTS = ("governors", "item_openers", "future", "negators", "marker_nouns", "task_headings")


def precedence() -> list[str]:
    """Relations from the strongest to the weakest (``cites``), as ``kg/rules/cues.json`` orders them."""
    return list(_lexicon().precedence)


def document_relation(relations: Iterable[str]) -> str:
    """The one relation to a cited document: the strongest among its mentions' relations (``cites`` if none)."""
    rank = _lexicon().rank
    best = "cites"
    for r in relations:
        if rank.get(r, len(rank)) < rank.get(best, len(rank)):
            best = r
    return best


# --- streams: the body and each footnote as token sequences ---

@dataclass(eq=False)
class _Cue:
    start: int  # token indices [start, end)
    end: int
    relation: str
    kind: str
    limit: int


@dataclass(eq=False)
class _Stream:
    toks: list[_Tok]
    offsets: _Offsets  # where each token stands in the normalised text
    source: str  # the normalised text the tokens index
    footnote: int | None = None  # footnote number, None for the body
    strict: bool = True  # the text is accented: bare words match only inside a phrase
    hard: bytearray = field(default_factory=bytearray)  # token ends a clause
    clause: list[int] = field(default_factory=list)
    conn: list[int] = field(default_factory=list)  # end index of a connector starting here, else 0
    conn_ends: set[int] = field(default_factory=set)  # indices right after a connector
    block: bytearray = field(default_factory=bytearray)
    objects: dict[int, bool] = field(default_factory=dict)  # whether a token opens an object (read when asked)
    cues: list[_Cue] = field(default_factory=list)
    cue_at: dict[int, _Cue] = field(default_factory=dict)
    cue_ends: list[int] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)  # token indices of _REF tokens
    titles: dict[int, tuple[int, int] | None] = field(default_factory=dict)
    tails: dict[int, int] = field(default_factory=dict)


def _normalised_spans(text: Text, refs: list[Reference]) -> list[tuple[int, int]]:
    """Each reference's core span in the normalised text."""
    out = []
    for r in refs:
        a = text.to_normalised(r.start)
        b = max(a + 1, text.to_normalised(r.end)) if r.end > r.start else a
        out.append((a, b))
    return out


def _groups(spans: list[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
    """Overlapping reference spans merged: (start, end, reference indices), in text order."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    groups: list[tuple[int, int, list[int]]] = []
    for i in order:
        a, b = spans[i]
        if groups and a < groups[-1][1]:
            ga, gb, members = groups[-1]
            groups[-1] = (ga, max(gb, b), [*members, i])
        else:
            groups.append((a, b, [i]))
    return groups


def _layout(text: Text, structure: Structure) -> tuple[list[Region], dict[int, list[Region]]]:
    """Non-footnote regions in order, and footnote regions by number (no structure: the whole text is body)."""
    regions = sorted(structure.regions, key=lambda r: r.start) or [Region("body", 0, len(text.text))]
    main = [r for r in regions if r.kind != "footnote"]
    notes: dict[int, list[Region]] = {}
    for k, r in enumerate(r for r in regions if r.kind == "footnote"):
        notes.setdefault(r.number if r.number is not None else -1 - k, []).append(r)
    return main, notes


def _paragraphs(text: Text, regions: list[Region], groups: list[tuple[int, int, list[int]]],
                breaks: _Breaks) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
    """(start, end, paragraph number) pieces of ``regions``: a paragraph ends at a line break that ends a clause,
    and where a region of another kind, or one that does not carry on the previous one's sentence, begins.

    Also the clause-ending line break runs left inside a paragraph because they start inside a reference: the only
    line breaks of a paragraph that are not soft.
    """
    starts = [g[0] for g in groups]
    pieces: list[tuple[int, int, int]] = []
    kept: list[tuple[int, int]] = []
    pid = 0
    prev: Region | None = None
    for reg in regions:
        if pieces and prev is not None and not (
                reg.kind == prev.kind and carries_on(text, prev.start, prev.end, reg.start, reg.end)):
            pid += 1
        prev = reg
        pos = reg.start
        for a, b in breaks.within(reg.start, reg.end):
            k = bisect_right(starts, a) - 1
            if k >= 0 and groups[k][1] > a:
                kept.append((a, b))  # a line break inside a reference
                continue
            pieces.append((pos, a, pid))
            pid += 1
            pos = b
        pieces.append((pos, reg.end, pid))
    return pieces, kept


def _windows(s: str, points: list[int]) -> list[tuple[int, int]]:
    """Merged spans of ``_WINDOW`` characters around each point, widened to whole words (by 50 at most)."""
    out: list[tuple[int, int]] = []
    n = len(s)
    for p in points:
        a, b = max(0, p - _WINDOW), min(n, p + _WINDOW)
        merged = out and a <= out[-1][1]  # then so is the widened start, which is no later
        if not merged and a > 0 and not s[a - 1].isspace():
            a -= len(s[max(0, p - _WINDOW - 50):a].rsplit(None, 1)[-1])
            merged = out and a <= out[-1][1]
        if b < n and not s[b].isspace():
            b += len(s[b:p + _WINDOW + 50].split(None, 1)[0])
        if merged:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _clip(pieces: list[tuple[int, int, int]],
          windows: list[tuple[int, int]]) -> list[tuple[int, int, int, bool]]:
    """The parts of ``pieces`` inside ``windows`` (both in text order), each with whether it carries straight on
    from the part before (no text of its paragraph left out between them)."""
    out: list[tuple[int, int, int, bool]] = []
    starts = [w[0] for w in windows]
    whole = True  # the part before reached the end of its piece
    for a, b, pid in pieces:
        k = max(0, bisect_right(starts, a) - 1)
        emitted = False
        while k < len(windows) and windows[k][0] < b:
            x, y = max(a, windows[k][0]), min(b, windows[k][1])
            if x < y:
                out.append((x, y, pid, whole and x == a))
                whole, emitted = y == b, True
            k += 1
        whole = whole and emitted
    return out


def _build_stream(text: Text, regions: list[Region], groups: list[tuple[int, int, list[int]]], footnote: int | None,
                  breaks: _Breaks, tokens: _Tokens, points: list[int], windows: list[tuple[int, int]],
                  anchors: Iterable[int] = ()) -> _Stream:
    """Tokens of the paragraphs of ``regions`` that hold a point (a reference or an anchor: a footnote marker),
    inside ``windows`` (see ``_windows``), each reference group one token; a boundary token between paragraphs.

    Only the stretches between sure clause stops that hold a reference or lie next to an anchor are tokenised:
    nothing read for a reference crosses such a stop, and what is left out would only lie between two stops.
    """
    s = text.text
    pieces, hard_runs = _paragraphs(text, regions, groups, breaks)
    piece_starts = [p[0] for p in pieces]
    wanted: set[int] = set()
    for pos in points:
        k = bisect_right(piece_starts, pos) - 1
        if k >= 0 and pos <= pieces[k][1]:
            wanted.add(pieces[k][2])
    entries, chunk_starts = _lay_out(s, _clip([p for p in pieces if p[2] in wanted], windows), groups)
    needed = {chunk for chunk, kind, _, _, _ in entries if kind == _REF}
    for pos in anchors:  # the chunks of the tokens either side of it
        chunk = bisect_left(chunk_starts, pos)
        needed.update((chunk, chunk + 1))
    st = _Stream([], _Offsets(), s, footnote)
    toks = st.toks
    for chunk, kind, a, b, gi in entries:
        if chunk not in needed:
            continue
        if kind == _TEXT:
            _tokenize(s, a, b, tokens, toks, st.offsets, hard_runs)
            continue
        if kind == _REF:
            st.refs.append(len(toks))
        st.offsets.add(len(toks), a, b)
        toks.append(_BOUNDARY if kind == _B else _Tok(_REF, group=gi))
    return st


_TEXT = -1  # a layout entry of text still to tokenise
# Sure clause stops are characters that are always a clause-ending token of their own: ':' '!' '?' '…', '.' before
# a space or the end unless it may close '...' (see ``_lay_out``), and the '(' of an item number '(1)' (_item_marker).
# The '.' test is in the pattern (most dots are in numbers and dates); its look-behind sees before the span's start,
# where ``_lay_out`` treats a dot as the first of its span, so a span's first character is tested in code.
_STOP_CHARS = re.compile(r"[:!?…]|(?<!\.)\.(?!\S)|\((?=\d{1,2}\))")

_Entry = tuple[int, int, int, int, int]  # (chunk, kind, start, end, group): kind _B, _REF or _TEXT


def _lay_out(s: str, parts: list[tuple[int, int, int, bool]],
             groups: list[tuple[int, int, list[int]]]) -> tuple[list[_Entry], list[int]]:
    """The stream as it will be tokenised: boundary tokens, reference tokens and text spans, numbered by chunk
    (a chunk starts at a boundary token or a sure clause stop); and where each chunk after the first starts."""
    starts = [g[0] for g in groups]
    entries: list[_Entry] = []
    chunk_starts: list[int] = []
    emitted = False  # whether the stream holds a token yet
    last = None

    def text(a: int, b: int) -> None:
        """Add the text ``s[a:b]``, a new chunk at each sure stop."""
        nonlocal emitted
        if a >= b:
            return
        x = a
        stops = [m.start() for m in _STOP_CHARS.finditer(s, a, b)]
        if s[a] == "." and a and s[a - 1] == "." and (a + 1 == b or s[a + 1].isspace()):
            stops.insert(0, a)
        for p in stops:
            if p > x:
                entries.append((len(chunk_starts), _TEXT, x, p, -1))
            chunk_starts.append(x := p)
        entries.append((len(chunk_starts), _TEXT, x, b, -1))
        if not emitted:
            span = s[a:b]
            emitted = "\n" in span or not span.isspace()

    for a, b, pid, joined in parts:
        if emitted and (pid != last or not joined):
            chunk_starts.append(a)
            entries.append((len(chunk_starts), _B, a, a, -1))
        last = pid
        pos = a
        gi = bisect_left(starts, a)
        while gi < len(groups) and groups[gi][0] < b:
            ga, gb, _ = groups[gi]
            text(pos, ga)
            entries.append((len(chunk_starts), _REF, ga, gb, gi))
            emitted = True
            pos = max(pos, gb)
            gi += 1
        text(pos, b)
    return entries, chunk_starts


def _index_stream(st: _Stream, lex: _Lexicon) -> None:
    """Per-token flags: clause breaks, connectors, blockers; then the cues.

    Only tokens flagged ``checked`` (',' '(' and words some phrase list may start with) are looked at one by one.
    """
    toks = st.toks
    n = len(toks)
    strict = st.strict
    st.hard = hard = bytearray(map(_IS_HARD, toks))
    st.conn = conn = [0] * n
    st.block = block = bytearray(n)
    connectors = lex.connectors
    blockers = lex.blockers if strict else lex.bare_blockers
    conn_bit, block_bit = connectors.bit, blockers.bit
    cue_bit, cont_bit = lex.cues.bit, lex.continuation.bit
    cues: list[int] = []  # where a cue or a continuation may start
    continuations: list[int] = []
    for i in compress(range(n), map(_IS_CHECKED, toks)):
        t = toks[i]
        opens = t.opens
        if not opens:  # ',' or '('
            if t.low == ",":
                conn[i] = i + 1
            elif _item_marker(toks, i):
                hard[i] = 1
            continue
        if opens & conn_bit and (m := connectors.match(toks, i, strict)):
            conn[i] = m[0]
        if opens & block_bit and blockers.match(toks, i, strict):
            block[i] = 1
        if opens & cue_bit:
            cues.append(i)
        if opens & cont_bit:
            continuations.append(i)
    st.conn_ends = set(conn)
    st.conn_ends.discard(0)
    st.clause = list(accumulate(hard))
    _find_cues(st, lex, cues, continuations)


def _item_marker(toks: list[_Tok], i: int) -> bool:
    """``(1)``, ``(a)``: an item number in brackets."""
    if i + 2 >= len(toks):
        return False
    w, close = toks[i + 1], toks[i + 2]
    return (w.kind == _W and close.kind == _P and close.low == ")"
            and (w.low.isdigit() and len(w.low) <= 2 or len(w.low) == 1 and w.low.isalpha()))


def _find_cues(st: _Stream, lex: _Lexicon, candidates: list[int], continuations: list[int]) -> None:
    """Cue occurrences, longest first; 'tiếp tục' joined to the implementing cue it governs; void uses dropped.
    ``candidates``/``continuations``: the tokens where a cue / a continuation may start, in order."""
    toks = st.toks
    found: list[_Cue] = []
    i = 0
    for c in candidates:
        if c < i:
            continue
        m = lex.cues.match(toks, c, st.strict)
        if m is None:
            continue
        end, phrase = m
        rule: _CueRule = phrase.value
        if _cue_is_live(st, lex, c, end, rule):
            found.append(_Cue(c, end, rule.relation, rule.kind, rule.limit))
        i = end
    found = _join_continuations(st, lex, found, continuations)
    st.cues = found
    st.cue_at = {c.start: c for c in found}
    st.cue_ends = [c.end for c in found]


def _cue_is_live(st: _Stream, lex: _Lexicon, i: int, end: int, rule: _CueRule) -> bool:
    """False for a cue that names where something happens (``cụ thể hóa tại X``), a clause-initial ``theo``, or an
    ``opening`` cue that does not open its clause or ';' segment (``tiếp theo Công văn số …`` opens it; ``những năm
    tiếp theo, Nghị quyết …`` does not)."""
    if end < len(st.toks) and lex.void_after.match(st.toks, end, st.strict):
        return False
    if rule.kind == "theo":
        return i > 0 and not st.hard[i - 1] and st.toks[i - 1].low != ";"
    if rule.kind == "opening":
        return i == 0 or bool(st.hard[i - 1]) or st.toks[i - 1].low == ";" or st.toks[i - 1].kind == _B
    return True


def _join_continuations(st: _Stream, lex: _Lexicon, cues: list[_Cue], continuations: list[int]) -> list[_Cue]:
    """``tiếp tục`` + up to ``max_insert`` words + an implementing cue → one ``continues`` cue."""
    toks = st.toks
    starts = [c.start for c in cues]
    out = list(cues)
    for i in continuations:
        m = lex.continuation.match(toks, i, st.strict)
        if m is None:
            continue
        j = m[0]
        k = bisect_left(starts, j)
        if k >= len(cues):
            continue
        cue = cues[k]
        if cue.start - j > lex.max_insert:
            continue
        gap = toks[j:cue.start]
        if (all(g.kind == _W for g in gap)
                and cue.relation in lex.continues_over and cue.kind == "verb"):
            out[k] = _Cue(i, cue.end, lex.continuation_relation, cue.kind, cue.limit)
    return out


_HEADING_RE = re.compile(r"[ \t]*[IVXLC]+\.[ \t]+\S[^\n]*")  # a numbered heading line, from its start
_NEXT_HEADING_RE = re.compile(r"\n(" + _HEADING_RE.pattern + ")")  # one after a line break (found by its '\n')


def _heading_lines(s: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every numbered heading line (``II. NHIỆM VỤ …``), in order."""
    if m := _HEADING_RE.match(s):
        yield m.span()
    for m in _NEXT_HEADING_RE.finditer(s):
        yield m.span(1)


def _task_headings(s: str, lex: _Lexicon) -> tuple[list[int], list[bool]]:
    """Positions of numbered headings (``II. NHIỆM VỤ TRỌNG TÂM NĂM 2024``) and whether each announces tasks."""
    positions: list[int] = []
    flags: list[bool] = []
    for a, b in _heading_lines(s):
        line = s[a:b]
        letters = [c for c in line if c.isalpha()]
        if len(line.split()) > 26 or sum(c.isupper() for c in letters) < 0.6 * len(letters):
            continue
        toks: list[_Tok] = []
        _tokenize(s, a, b, lex.tokens, toks)  # a heading line holds no line break
        positions.append(a)
        flags.append(any(lex.task_headings.match(toks, k) for k in range(len(toks))))
    return positions, flags


# --- reading the stream ---

class _Reader:
    """Walks over one document's streams to find what governs each reference."""

    def __init__(self, text: Text, lex: _Lexicon, group_refs: list[list[Reference]],
                 main: _Stream, markers: dict[int, list[int]]) -> None:
        self.text = text
        self.lex = lex
        self.group_refs = group_refs
        self.main = main
        self.markers = markers
        self.rel_memo: dict[int, tuple[str, _Cue | None, bool]] = {}
        self.cue_texts: dict[int, str] = {}
        self.owner_memo: dict[int, int | None] = {}

    @cached_property
    def headings(self) -> tuple[list[int], list[bool]]:
        """The document's numbered headings and whether each announces tasks (read when first asked for)."""
        return _task_headings(self.text.text, self.lex)

    def under_task_heading(self, pos: int) -> bool:
        """Whether the last numbered heading before ``pos`` announces tasks."""
        positions, flags = self.headings
        k = bisect_right(positions, pos) - 1
        return k >= 0 and flags[k]

    # short tails and titles

    def tail_end(self, st: _Stream, r: int) -> int:
        """Index after the date, issuer and term that follow the reference token ``r``."""
        if r in st.tails:
            return st.tails[r]
        toks = st.toks
        j = r + 1
        while j < len(toks):
            k = j + 1 if toks[j].kind == _P and toks[j].low == "," else j
            m = self._tail_item(st, k)
            if m == k:
                break
            j = m
        st.tails[r] = j
        return j

    def _tail_item(self, st: _Stream, k: int) -> int:
        """End of one date / ``khóa XII`` / ``(khóa XII)`` / ``của <body>`` / ``tại <body>`` item at ``k``."""
        toks = st.toks
        n = len(toks)
        if k >= n or toks[k].kind not in (_W, _P):
            return k
        low = toks[k].low
        if low == "ngày" and k + 1 < n and toks[k + 1].kind == _W and toks[k + 1].low[:1].isdigit():
            j = k + 2
            if _DATE_RE.fullmatch(toks[k + 1].low):
                return j
            while j + 1 < n and toks[j].low in ("tháng", "năm") and toks[j + 1].low.isdigit():
                j += 2
            return j
        if toks[k].kind == _W and _DATE_RE.fullmatch(low):
            return k + 1
        if _compatible(low, "khóa") and k + 1 < n and _ROMAN_RE.fullmatch(toks[k + 1].low.upper()):
            return k + 2
        if low == "(":
            j = k + 1
            while j < n and j < k + 12 and toks[j].low != ")" and not st.hard[j] and (
                    toks[j].low == "," or _compatible(toks[j].low, "khóa")
                    or _ROMAN_RE.fullmatch(toks[j].low.upper()) or _DATE_RE.fullmatch(toks[j].low)):
                j += 1
            return j + 1 if j < n and toks[j].low == ")" and j > k + 1 else k
        if low in ("của", "tại") and k + 1 < n and toks[k + 1].kind == _W and toks[k + 1].fold[:1].isalpha() \
                and toks[k + 1].upper:
            return self._body_run(st, k + 1)
        return k

    def _body_run(self, st: _Stream, j: int) -> int:
        """End of an issuing body's name (``Ban Chấp hành Trung ương Đảng khóa XII``)."""
        toks = st.toks
        lower_run = 0
        end = j
        while j < len(toks) and j < end + 16:
            t = toks[j]
            if t.kind == _NL and t.soft:
                j += 1
                continue
            if t.kind != _W or j in st.cue_at or self.lex.tail_stops.match(toks, j, st.strict) \
                    or self.lex.openers.match(toks, j, st.strict):
                break
            if t.upper or t.low[0].isdigit():
                lower_run = 0
            else:
                lower_run += 1
                if lower_run > 3:
                    break
            j += 1
            end = j
        return end

    def title(self, st: _Stream, r: int) -> tuple[int, int] | None:
        """Token span of the reference's title: after ``về``, a quote, ``với nội dung``, or a cue right after its tail."""
        if r in st.titles:
            return st.titles[r]
        st.titles[r] = span = self._title(st, r)
        return span

    def _title(self, st: _Stream, r: int) -> tuple[int, int] | None:
        toks = st.toks
        n = len(toks)
        j = self.tail_end(st, r)
        if j >= n:
            return None
        has_cue = False
        if toks[j].kind == _P and toks[j].low in _OPEN_QUOTES:
            return j, self._quote_end(st, j)
        elif (m := self.lex.openers.match(toks, j, st.strict)) is not None:
            o, k = j, m[0]
        elif j in st.cue_at and st.cue_at[j].kind == "verb" and toks[j - 1].low not in (",", ";"):
            o, k, has_cue = j, j, True  # 'Kế hoạch số 07-KH/TW ngày 17/8/2022 thực hiện ...'
        else:
            return None
        steps = 0
        inner: str | None = None  # the type of the last reference inside the title
        while k < n and steps < _MAX_WALK:
            steps += 1
            if st.hard[k]:
                break
            if toks[k].kind == _REF:
                inner = next((ref.type for ref in self.refs_of(st, k)), None)
            if toks[k].low == ";":
                nxt = self._next(st, k + 1)
                if nxt >= n or self.opens_object(st, nxt) or has_cue or not self._title_goes_on(st, k + 1):
                    break
                k += 1
                continue
            if not has_cue:
                if st.conn[k]:
                    nxt = self._next(st, st.conn[k])
                    if nxt < n and (self.opens_object(st, nxt) or nxt in st.cue_at):
                        break
                    k = st.conn[k]
                    continue
                if k in st.cue_at:
                    has_cue = True
            elif st.conn[k] and self._sibling(st, self._next(st, st.conn[k]), inner):
                break
            k += 1
        return (o, k)

    def _sibling(self, st: _Stream, k: int, inner: str | None) -> bool:
        """Whether a dated reference at ``k``, coordinated after a title whose cue governs a document of another type,
        is the title's owner's sibling: 'Triển khai Nghị quyết số 71/NQ-CP … thực hiện Nghị quyết số 57-NQ/TW … và Kế
        hoạch hành động số 328-KH/TU, ngày 24/04/2025 …' (Nghệ An, 2025); 'thực hiện Nghị quyết số 18-NQ/TW … và Nghị
        quyết số 19-NQ/TW …' stays inside."""
        if k >= len(st.toks) or st.toks[k].kind != _REF or inner is None:
            return False
        refs = self.refs_of(st, k)
        return bool(refs) and all(ref.date and ref.type and ref.type != inner for ref in refs)

    def _quote_end(self, st: _Stream, o: int) -> int:
        """Index after the quote that closes the one at ``o`` (nested quotes counted); the clause end if none."""
        toks = st.toks
        depth = 0
        k = o
        while k < len(toks) and k < o + _MAX_WALK and not st.hard[k]:
            low = toks[k].low
            if low == '"':
                depth = depth - 1 if depth and k > o else depth + 1
            elif low in _OPEN_QUOTES:
                depth += 1
            elif low in _CLOSE_QUOTES:
                depth -= 1
            k += 1
            if depth <= 0:
                return k
        return k

    def _title_goes_on(self, st: _Stream, k: int) -> bool:
        """After a ';' in a title: whether the segment reaches a coordinated object (the title had a ';' of its own)."""
        toks = st.toks
        end = min(len(toks), k + 80)
        while k < end:
            if st.hard[k] or toks[k].low == ";" or k in st.cue_at:
                return False
            if st.conn[k]:
                nxt = self._next(st, st.conn[k])
                if nxt < len(toks) and self.opens_object(st, nxt):
                    return True
                k = st.conn[k]
                continue
            k += 1
        return False

    def opens_object(self, st: _Stream, k: int) -> bool:
        """Whether token ``k`` opens a further object: a reference, or an object starter (``các``, a number, a type
        word). Asked at few places, so matched when asked."""
        found = st.objects.get(k)
        if found is None:
            found = st.toks[k].kind == _REF or self.lex.np_starters.match(st.toks, k, st.strict) is not None
            st.objects[k] = found
        return found

    def _next(self, st: _Stream, k: int) -> int:
        """Next token that is not a connector or a soft line break."""
        toks = st.toks
        while k < len(toks) and (toks[k].kind == _NL and toks[k].soft or st.conn[k]):
            k = st.conn[k] or k + 1
        return k

    # governing cues

    def walk(self, st: _Stream, i: int, t: int, limit: int) -> tuple[int, int]:
        """From token ``i`` (just after a cue) towards ``t``: (_TOP, 0) if the cue reaches it, (_TITLE, r) if ``t``
        lies in reference ``r``'s title, (_BLOCK, 0) at a clause break, (_FAR, 0) past the cue's reach."""
        toks = st.toks
        count = 0
        steps = 0
        while i < t:
            steps += 1
            if steps > _MAX_WALK:
                return _FAR, 0
            tok = toks[i]
            if tok.kind == _REF:
                count = 0
                span = self.title(st, i)
                if span is None:
                    i = max(i + 1, self.tail_end(st, i))
                    continue
                if t < span[0]:
                    return _TOP, 0
                if t < span[1]:
                    return _TITLE, i
                i = span[1]
                continue
            if st.hard[i]:
                return _BLOCK, 0
            if tok.low == ";":
                nxt = self._next(st, i + 1)
                if nxt < len(toks) and self.opens_object(st, nxt):
                    i += 1
                    continue
                return _BLOCK, 0
            if st.conn[i]:
                i = st.conn[i]
                continue
            if st.block[i]:
                return _BLOCK, 0
            if tok.kind == _W:
                count += 1
                if count > limit:
                    return _FAR, 0
            i += 1
        return _TOP, 0

    def govern(self, st: _Stream, t: int) -> tuple[_Cue | None, int | None]:
        """(cue governing token position ``t``, None) or (None, reference whose title holds ``t``) or (None, None)."""
        k = bisect_right(st.cue_ends, t)
        clause = st.clause[min(t, len(st.toks) - 1)] if st.toks else 0
        for cue in reversed(st.cues[max(0, k - _MAX_CANDIDATES):k]):
            if st.clause[cue.start] != clause:
                break
            res, r = self.walk(st, cue.end, t, cue.limit)
            if res == _TOP:
                owner = self.owner(st, cue)
                if owner is not None and t >= self.title(st, owner)[1]:
                    continue  # a cue in a reference's title governs only inside that title
                return cue, None
            if res == _TITLE:
                return None, r
            if res == _BLOCK:
                break
        return None, self.title_holding(st, t)

    def title_holding(self, st: _Stream, t: int) -> int | None:
        """The nearest reference before ``t`` in its clause whose title holds ``t``."""
        k = bisect_left(st.refs, t)
        clause = st.clause[min(t, len(st.toks) - 1)]
        for r in reversed(st.refs[max(0, k - _MAX_CANDIDATES):k]):
            if st.clause[r] != clause:
                break
            span = self.title(st, r)
            if span and span[0] <= t < span[1]:
                return r
        return None

    def owner(self, st: _Stream, cue: _Cue) -> int | None:
        """The reference whose tail holds ``cue`` (the cue then states a link from it), or None."""
        key = id(cue)
        if key not in self.owner_memo:
            self.owner_memo[key] = self.title_holding(st, cue.start)
        return self.owner_memo[key]

    def outer(self, st: _Stream, cue: _Cue) -> _Cue | None:
        """The cue whose object holds ``cue`` (``triển khai ... chương trình hành động thực hiện``), or
        the cue it is coordinated with (``cụ thể hóa và tổ chức thực hiện``); None for a new predicate."""
        k = bisect_right(st.cue_ends, cue.start)
        mine = self.owner(st, cue)
        for cand in reversed(st.cues[max(0, k - _MAX_CANDIDATES):k]):
            if st.clause[cand.start] != st.clause[cue.start]:
                break
            res, _ = self.walk(st, cand.end, cue.start, cand.limit)
            if res == _FAR:
                continue
            if res != _TOP or self.owner(st, cand) != mine:
                return None
            if self._has_words(st, cand.end, cue.start) and cue.start in st.conn_ends:
                return None  # 'tổng kết X và thực hiện Y': a second action, not part of the first one's object
            if cand.relation in self.lex.status and self._changes_unnumbered(st, cand.end, cue.start):
                return None  # 'sửa đổi … Chương trình hành động … thực hiện X': the programme is what is amended
            return cand
        return None

    def _changes_unnumbered(self, st: _Stream, a: int, b: int) -> bool:
        """Whether tokens ``[a, b)`` name a document without a reference (``Chương trình hành động của Chính phủ``)."""
        if bisect_left(st.refs, a) != bisect_left(st.refs, b):
            return False
        objects = self.lex.changed_objects
        return any(st.toks[k].opens & objects.bit and objects.match(st.toks, k, st.strict) for k in range(a, b))

    def _has_words(self, st: _Stream, a: int, b: int) -> bool:
        """Whether tokens ``[a, b)`` hold a word other than connectors."""
        while a < b:
            if st.conn[a]:
                a = st.conn[a]
                continue
            if st.toks[a].kind == _W:
                return True
            a += 1
        return False

    def relation(self, st: _Stream, cue: _Cue) -> tuple[str, _Cue | None, bool]:
        """(relation, the cue that gives it, planned) for what ``cue`` governs, outer cues included."""
        chain: list[tuple[_Cue, _Cue | None]] = []
        c: _Cue | None = cue
        while c is not None and id(c) not in self.rel_memo and len(chain) < _MAX_CANDIDATES:
            out = self.outer(st, c) if c.relation in _CHAINED and c.relation not in self.lex.status else None
            chain.append((c, out))
            c = out
        for c, out in reversed(chain):
            outer_result = self.rel_memo.get(id(out)) if out is not None else None
            self.rel_memo[id(c)] = self._relation(st, c, outer_result)
        return self.rel_memo[id(cue)]

    def _relation(self, st: _Stream, cue: _Cue,
                  outer: tuple[str, _Cue | None, bool] | None) -> tuple[str, _Cue | None, bool]:
        """Combine a cue with the relation of the cue whose object holds it."""
        lex = self.lex
        if cue.relation in lex.status:
            return ("cites", cue, True) if self.planned(st, cue) else (cue.relation, cue, False)
        if outer is None:
            return cue.relation, cue, False
        orel, ocue, _ = outer
        if cue.kind == "theo":  # '[action] theo X' implements X, or continues it under 'tiếp tục thực hiện'
            return (orel, ocue, False) if orel == lex.continuation_relation else (cue.relation, cue, False)
        if orel == "cites" or lex.rank.get(orel, 99) >= lex.rank[cue.relation]:
            return cue.relation, cue, False
        return orel, ocue, False

    # planned work

    def planned(self, st: _Stream, cue: _Cue) -> bool:
        """Whether a status cue announces work still to be done rather than a change made."""
        lex = self.lex
        toks = st.toks
        owner = self.owner(st, cue)
        if owner is not None:
            return self._planned_in_tail(st, cue, owner)
        a = _clause_start(st, cue.start)
        before = [k for k in range(a, cue.start) if toks[k].kind == _W]
        negators, governors = lex.negators, lex.governors
        negs = [k for k in before if toks[k].opens & negators.bit and negators.match(toks, k, st.strict)]
        if negs and negs[-1] in before[-2:]:
            return False
        after_neg = negs[-1] + 1 if negs else a
        if any(toks[k].opens & governors.bit and governors.match(toks, k, st.strict) for k in before if k >= after_neg):
            return True
        if self._opens_with(st, a, cue, lex.item_openers):
            return True
        if self._future_after(st, cue):
            return True
        if self.under_task_heading(st.offsets.start(cue.start)) and self._opens_segment(st, a, cue):
            return True
        m = self.marker_token(st)
        return m is not None and self._prospective_context(self.main, m)

    def marker_token(self, st: _Stream) -> int | None:
        """For a footnote stream, the body token where its (first) marker stands."""
        if st.footnote is None or st.footnote not in self.markers:
            return None
        return min(self.main.offsets.first_from(pos, len(self.main.toks)) for pos in self.markers[st.footnote])

    def _planned_in_tail(self, st: _Stream, cue: _Cue, owner: int) -> bool:
        """A status cue in a reference's title: planned if that reference is a proposal or a governor precedes it."""
        refs = self.refs_of(st, owner)
        if any(r.type in self.lex.proposal_types for r in refs):
            return True
        span = self.title(st, owner)
        start = span[0] if span else owner + 1
        return any(self.lex.governors.match(st.toks, k, st.strict) for k in range(start, cue.start))

    def _opens_with(self, st: _Stream, a: int, cue: _Cue, words: _Matcher) -> bool:
        """Whether the clause (or the cue's ';' segment) opens with one of ``words``."""
        toks = st.toks
        seg = a
        for k in range(a, cue.start):
            if toks[k].low == ";":
                seg = k + 1
        for s0 in {a, seg}:
            k = s0
            while k < cue.start and toks[k].kind != _W:
                k += 1
            if k < cue.start and words.match(toks, k, st.strict):
                return True
        return False

    def _opens_segment(self, st: _Stream, a: int, cue: _Cue) -> bool:
        """Whether the cue is the first word of its clause or of its ';' segment (an imperative item)."""
        k = cue.start - 1
        while k >= a and st.toks[k].kind != _W and st.toks[k].low != ";":
            k -= 1
        return k < a or st.toks[k].low == ";"

    def _future_after(self, st: _Stream, cue: _Cue) -> bool:
        """A future or conditional marker after the cue in its clause (``(nếu có)``, ``trong năm 2024``)."""
        toks = st.toks
        future = self.lex.future
        k = cue.end
        while k < len(toks) and not st.hard[k] and toks[k].low != ";":
            if toks[k].opens & future.bit and future.match(toks, k, st.strict):
                return True
            k += 1
        return False

    def _prospective_context(self, st: _Stream, m: int) -> bool:
        """Whether the clause holding a footnote marker announces work (a governor, a future marker, ``đề án``)."""
        lex = self.lex
        toks = st.toks
        m = max(0, min(m - 1, len(toks) - 1))  # the word the marker is glued to
        signals = (lex.governors, lex.future, lex.marker_nouns)
        bits = sum(w.bit for w in signals)
        clause = range(_clause_start(st, m), bisect_right(st.clause, st.clause[m]))
        return any(w.match(toks, k, st.strict) for k in clause if toks[k].opens & bits for w in signals)

    def refs_of(self, st: _Stream, r: int) -> list[Reference]:
        """The references of the group at token ``r``."""
        return self.group_refs[st.toks[r].group]


def _clause_start(st: _Stream, k: int) -> int:
    """The first token of ``k``'s clause after the break that opens it (``k`` itself if it is that break)."""
    first = bisect_left(st.clause, st.clause[k])  # the clause's opening break, or the stream's first token
    return first + 1 if first < k and st.hard[first] else first


# --- the entry point ---

def assign_relations(text: Text, structure: Structure, references: list[Reference]) -> list[Link]:
    """Set ``relation``/``cue``/``planned`` on each reference; return the links stated between cited documents."""
    if not references:
        return []
    lex = _lexicon()
    strict = accented(text.text)
    spans = _normalised_spans(text, references)
    groups = _groups(spans)
    main_regions, note_regions = _layout(text, structure)
    markers = _footnote_markers(text, structure)
    anchors = [pos for positions in markers.values() for pos in positions]
    breaks = _Breaks(text)
    s = text.text
    starts = [g[0] for g in groups]  # a footnote's stream has only references as points, the body its markers too
    points = sorted(starts + anchors)
    streams = [_build_stream(text, main_regions, groups, None, breaks, lex.tokens, points, _windows(s, points), anchors)]
    note_windows = _windows(s, starts)
    streams += [_build_stream(text, regs, groups, n, breaks, lex.tokens, starts, note_windows)
                for n, regs in sorted(note_regions.items())]
    for st in streams:
        st.strict = strict
        _index_stream(st, lex)
    group_index = [g[2] for g in groups]
    reader = _Reader(text, lex, [[references[i] for i in g] for g in group_index], streams[0], markers)
    done: dict[int, tuple[str, str | None, bool]] = {}
    links: list[Link] = []
    pending: list[tuple[_Stream, int]] = []  # footnote references that take their marker's relation
    for st in streams:
        for r in st.refs:
            outcome = _assign_one(reader, st, r, group_index, links)
            if outcome is None:
                pending.append((st, r))
            else:
                done[st.toks[r].group] = outcome
    main = streams[0]
    inherited: dict[int, tuple[str, str | None, bool]] = {}
    for st, r in pending:
        key = st.footnote
        if key is None or key not in markers:
            done[st.toks[r].group] = ("cites", None, False)
            continue
        if key not in inherited:
            inherited[key] = _marker_relation(reader, main, markers[key], done)
        done[st.toks[r].group] = inherited[key]
    for gi, (rel, cue, planned) in done.items():
        for i in group_index[gi]:
            references[i].relation, references[i].cue, references[i].planned = rel, cue, planned
    return _dedupe(links, references)


def _assign_one(reader: _Reader, st: _Stream, r: int, group_index: list[list[int]],
                links: list[Link]) -> tuple[str, str | None, bool] | None:
    """The relation of reference token ``r`` to the citing document; adds the links its cue states.
    None when nothing in the stream decides it (a footnote reference then takes its marker's relation)."""
    lex = reader.lex
    if r > 0 and (_after_name_head(st, r, lex) or _in_alias(st, r, lex)):
        return "cites", None, False
    cue, holder = reader.govern(st, r)
    if cue is None:
        return None if holder is None and st.footnote is not None else ("cites", None, False)
    owner = reader.owner(st, cue)
    rel, why, planned = reader.relation(st, cue)
    cue_text = _cue_text(reader, st, why or cue)
    if owner is None:
        return rel, cue_text, planned
    if rel != "cites":
        for src, tgt in _link_pairs(reader, st, owner, r, rel, group_index):
            links.append(Link(src, rel, tgt, cue_text))
    return "cites", None, False


def _in_alias(st: _Stream, r: int, lex: _Lexicon) -> bool:
    """Whether the reference stands in a parenthesis that gives short names (``(sau đây gọi tắt là …)``)."""
    toks = st.toks
    for k in range(r - 1, max(-1, r - 60), -1):
        low = toks[k].low
        if low == ")" or st.hard[k]:
            return False
        if low == "(":
            return lex.alias_openers.match(toks, st.conn[k + 1] or k + 1, st.strict) is not None
    return False


def _after_name_head(st: _Stream, r: int, lex: _Lexicon) -> bool:
    """Whether the reference is part of a body's name (``Tiểu ban Điều lệ Đảng``)."""
    for width in (1, 2, 3):
        k = r - width
        if k >= 0 and (m := lex.name_heads.match(st.toks, k, st.strict)) is not None and m[0] == r:
            return True
    return False


def _cue_text(reader: _Reader, st: _Stream, cue: _Cue) -> str:
    """The cue words as the original text has them (read once per cue)."""
    text = reader.cue_texts.get(id(cue))
    if text is None:
        a, b = st.offsets.start(cue.start), st.offsets.end(cue.end - 1)
        text = reader.cue_texts[id(cue)] = " ".join(reader.text.original_at(a, b).split())
    return text


def _link_pairs(reader: _Reader, st: _Stream, owner: int, r: int, rel: str,
                group_index: list[list[int]]) -> list[tuple[int, int]]:
    """(source, target) reference indices for a link from the owner of a tail cue to the references at ``r``."""
    targets = group_index[st.toks[r].group]
    out = []
    for t, ref in zip(targets, reader.refs_of(st, r)):
        ttype = ref.type
        source_tok = owner
        if rel in reader.lex.succession and ttype is not None:
            source_tok = _same_type_source(reader, st, owner, ttype)
        for s in group_index[st.toks[source_tok].group]:
            if s != t:
                out.append((s, t))
    return out


def _same_type_source(reader: _Reader, st: _Stream, owner: int, ttype: str) -> int:
    """For a succession, the nearest reference of the target's type at or before ``owner`` in its clause."""
    k = bisect_right(st.refs, owner)
    for r in reversed(st.refs[max(0, k - _MAX_CANDIDATES):k]):
        if st.clause[r] != st.clause[owner]:
            break
        if any(ref.type == ttype for ref in reader.refs_of(st, r)):
            return r
    return owner


def _one_document(a: Reference, b: Reference) -> bool:
    """Two mentions of one document: the same symbol, and no date or term telling them apart (01-HD/TW of 2016 and
    01-HD/TW of 2021 are two documents, and the later inherits from the earlier)."""
    if not a.symbol or a.symbol != b.symbol or a.kind != b.kind:
        return False
    term_a, term_b = a.term or (term_of(a.date) if a.date else None), b.term or (term_of(b.date) if b.date else None)
    return not (a.date and b.date and a.date != b.date) and not (term_a and term_b and term_a != term_b)


def _dedupe(links: list[Link], references: list[Reference]) -> list[Link]:
    """Each link once, and none from a document to itself (two mentions of one symbol: 'Kế hoạch số 328-KH/TU …
    thực hiện … Kế hoạch số 328-KH/TU' in a Nghệ An plan of 2025)."""
    seen = set()
    out = []
    succession = _lexicon().succession
    for link in links:
        key = (link.source, link.relation, link.target)
        if link.relation not in succession and _one_document(references[link.source], references[link.target]):
            continue  # a succession (kế thừa, thay thế) of one symbol is between two terms' documents
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


# --- footnotes ---

def _footnote_markers(text: Text, structure: Structure) -> dict[int, list[int]]:
    """Normalised positions of the in-text markers of each footnote."""
    out: dict[int, list[int]] = {}
    for f in structure.footnotes:
        if f.markers:
            out.setdefault(f.number, []).extend(f.markers)
    if not out:
        for m in text.markers:
            if m.at > 0 and text.text[m.at - 1] != "\n":
                out.setdefault(m.number, []).append(m.at)
    return out


def _marker_relation(reader: _Reader, main: _Stream, positions: list[int],
                     done: dict[int, tuple[str, str | None, bool]]) -> tuple[str, str | None, bool]:
    """The relation the body gives at a footnote's marker: that of a reference the marker is glued to, or of
    the cue governing the marker's place."""
    toks = main.toks
    for pos in sorted(positions):
        k = main.offsets.first_from(pos, len(toks))
        if k > 0 and toks[k - 1].kind == _REF and main.offsets.end(k - 1) == pos:
            return done.get(toks[k - 1].group, ("cites", None, False))
        if k >= len(toks):
            continue
        cue, _ = reader.govern(main, k)
        if cue is None or reader.owner(main, cue) is not None:
            return "cites", None, False
        rel, why, planned = reader.relation(main, cue)
        return rel, _cue_text(reader, main, why or cue), planned
    return "cites", None, False
