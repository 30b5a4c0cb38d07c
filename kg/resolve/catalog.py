"""The catalog: known documents that references without a symbol resolve through, and that grows from the corpus.

``data/catalog/*.csv`` holds checked central documents (symbol, type, number, issuer, date, term,
plenum, title, source, kind). Each row becomes a ``Document`` with one ``catalog`` description.
The corpus adds to it: every long mention (a symbol with its date and issuer or title) describes
its document for the other files (origin ``corpus-catalog``).

References without a symbol resolve here: a plenum's document by its subject (one plenum can issue
several: XII:7 issued 26-, 27- and 28-NQ/TW), a congress's resolution by its term, the Charter
and the Platform by name. What cannot be decided stays unresolved.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from kg.model import Description, Document, Extraction, Identity, Reference
from kg.resolve.identity import (Citing, Decision, confidence, level_of_code, local_register, register_confidence,
                                 unresolved)
from kg.resolve.merge import add_descriptions, fill
from kg.resolve.catalog_rows import CatalogError, catalog_files, problems, read_catalog
from kg.resolve.registers import Registers
from kg.resources import catalog_dir
from kg.rules import load
from kg.rules.lexicon import roman, skeleton, slug

__all__ = [
    "Catalog", "LongMention", "best_by_subject", "decide_descriptive", "default_catalog_paths",
    "document_from_row", "load_catalog", "subject_score",
]


@dataclass(frozen=True, slots=True)
class LongMention:
    """A long mention in one corpus text: which document it identified, and the term the citing text was written in."""

    key: str
    identity: Identity
    citing_term: str | None
    source: str


class Catalog:
    """Known documents by key, indexed by (jurisdiction, register, type, number), by plenum and by long mention.

    Documents take their fields from their descriptions (``merge.fill``) when first read after a
    change, so growing the catalog by many descriptions of one document stays linear.
    """

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}
        self._dirty: set[str] = set()
        self._seen: dict[str, set[tuple]] = defaultdict(set)
        self._numbered: dict[tuple, set[str]] = defaultdict(set)
        self._plenum: dict[tuple, set[str]] = defaultdict(set)
        self._plenums: dict[str, set[int]] = defaultdict(set)
        self._origins: dict[str, set[str]] = defaultdict(set)
        self.problems: list[str] = []  # rows left out by the lint, one line each (FILE:LINE: what)
        self._titles: dict[str, dict[str, None]] = defaultdict(dict)
        self._catalog: dict[str, list[Description]] = defaultdict(list)
        self._mentions: dict[tuple, list[LongMention]] = defaultdict(list)
        self._scopes: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._registers: Registers | None = None
        self._highest: list[tuple[str, str, str, int, str | None]] = []
        self._aliases: dict[str, str] = {}
        self.mentions: list[LongMention] = []
        self._digests: dict[str, str] = {}  # document digests (``digest``) since the last change

    @property
    def documents(self) -> dict[str, Document]:
        """Every document by key, its fields filled from its descriptions."""
        self.fill_all()
        return self._docs

    def fill_all(self) -> None:
        """Fill the fields of every document changed since: once, before processes that share the catalog read it."""
        for key in sorted(self._dirty):
            self._docs[key] = fill(self._docs[key])
        self._dirty.clear()

    def __iter__(self) -> Iterator[Document]:
        docs = self.documents
        return iter(docs[k] for k in sorted(docs))

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, key: object) -> bool:
        return key in self._docs

    def get(self, key: str) -> Document | None:
        """The document with ``key`` (fields filled), or None; an unnumbered row that learnt its number gives that document."""
        key = self._aliases.get(key, key)
        if key in self._dirty:
            self._docs[key] = fill(self._docs[key])
            self._dirty.discard(key)
        return self._docs.get(key)

    def digest(self, key: str) -> str:
        """A digest of the document ``get`` gives for ``key`` (``-`` for none), made once until the catalog changes:
        a document much described is hashed once, not for every file that reads it (``kg.resolve.reads``)."""
        if key not in self._digests:
            doc = self.get(key)
            self._digests[key] = "-" if doc is None else hashlib.blake2b(
                repr(doc).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        return self._digests[key]

    def add(self, document: Document) -> None:
        """Add a document, or add its new descriptions to the one with the same key.

        An unnumbered plenum document and a numbered one of the same plenum, type and subject are one
        document (the row learns its number): the first is merged into the second, and its key becomes
        an alias of the second's, so one document has one IRI.
        """
        key = self._aliases.get(document.key, document.key)
        self._digests.clear()
        have = self._docs.get(key)
        if have is None:
            have = self._docs[key] = replace(document, descriptions=[], candidates=list(document.candidates))
            if have.identity:
                i = have.identity
                self._numbered[(i.jurisdiction, i.register, i.type, i.number)].add(key)
        elif have.identity is None and document.identity is not None:
            have.identity = document.identity
        new = add_descriptions(have.descriptions, document.descriptions, self._seen[key])
        self._registers = None
        term = have.term or (have.identity.scope if have.identity else None)
        plenums: set[tuple[str, int]] = set()
        for d in new:
            self._origins[key].add(d.origin)
            if d.title and d.origin in ("catalog", "corpus-catalog", "self"):
                self._titles[key].setdefault(d.title)
            if d.plenum:
                self._plenums[key].add(d.plenum)
                if d.term or term:
                    self._plenum[(d.term or term, d.plenum)].add(key)
                    plenums.add((d.term or term, d.plenum))
            if d.origin == "catalog":
                self._catalog[key].append(d)
        if new:
            self._dirty.add(key)
        for term_plenum in sorted(plenums):
            self._merge_unnumbered(term_plenum)

    def _merge_unnumbered(self, term_plenum: tuple[str, int]) -> None:
        """Merge each unnumbered document of a plenum into the one numbered document of its type its subject matches."""
        docs = [self._docs[k] for k in sorted(self._plenum.get(term_plenum, ()))]
        numbered = [d for d in docs if d.identity]
        least = _subject_rules()["merge_score"]
        for old in (d for d in docs if d.identity is None and d.kind == "document"):
            titles = self.titles(old.key)
            same = [d for d in numbered if d.identity and d.identity.type == old.type
                    and any(subject_score(a, b) >= least and subject_score(b, a) >= least
                            for a in titles for b in self.titles(d.key))]
            if len(same) == 1:
                self._merge_into(old.key, same[0])

    def _merge_into(self, old: str, into: Document) -> None:
        doc = self._docs.pop(old)
        self._aliases[old] = into.key
        for alias, target in list(self._aliases.items()):
            if target == old:
                self._aliases[alias] = into.key
        for keys in self._plenum.values():
            keys.discard(old)
        for table in (self._origins, self._titles, self._catalog, self._plenums, self._seen):
            table.pop(old, None)
        self._dirty.discard(old)
        self.add(replace(doc, key=into.key, identity=into.identity, descriptions=doc.descriptions))

    def add_mention(self, mention: LongMention) -> None:
        """Record a long mention (its document must be added too)."""
        self.mentions.append(mention)
        i = mention.identity
        k = (i.jurisdiction, i.register, i.type, i.number)
        self._mentions[k].append(mention)
        self._scopes[(*k, mention.citing_term)][i.scope].add(mention.source)

    @property
    def registers(self) -> Registers:
        """How far each central register had reached by a date, from the dated central documents known here."""
        if self._registers is None:
            registers = Registers()
            for fact in self._highest:
                registers.set_highest(*fact)
            for doc in self.documents.values():
                i = doc.identity
                if i and i.jurisdiction == "dang" and doc.level == "central" and doc.date:
                    registers.add(i.register, i.type, i.scope, i.number, doc.date)
            self._registers = registers
        return self._registers

    def add_highest(self, code: str, type_: str, term: str, number: int, date: str | None) -> None:
        """The highest number public pages show for a register in a term (a row of ``registers.csv``)."""
        self._highest.append((code, type_, term, number, date))
        self._registers = None

    def numbered(self, jurisdiction: str, register: str, type_: str, number: int,
                 origin: str | None = None) -> list[Document]:
        """Every known document with this register, type and number (any scope), sorted by key.

        With ``origin``, only those that a description of that origin describes (``catalog``: checked rows).
        """
        keys = sorted(self._numbered.get((jurisdiction, register, type_, number), ()))
        return [self.get(k) for k in keys if origin is None or origin in self._origins[k]]

    def of_plenum(self, term: str, plenum: int, type_: str | None = None) -> list[Document]:
        """The known documents of one plenum (of a type code, when given), sorted by key."""
        docs = [self.get(k) for k in sorted(self._plenum.get((term, plenum), ()))]
        return [d for d in docs if type_ is None or d.type == type_ or (d.identity and d.identity.type == type_)]

    def plenums(self, key: str) -> set[int]:
        """The plenum numbers the descriptions of a document give."""
        return set(self._plenums.get(key, ()))

    def titles(self, key: str) -> list[str]:
        """The distinct titles the catalog, the documents' own texts and long mentions give a document."""
        return list(self._titles.get(key, ()))

    def catalog_descriptions(self, key: str) -> list[Description]:
        """The checked catalog's descriptions of a document (origin ``catalog``)."""
        return list(self._catalog.get(key, ()))

    def long_mentions(self, jurisdiction: str, register: str, type_: str, number: int) -> list[LongMention]:
        """The corpus's long mentions of this register, type and number."""
        return list(self._mentions.get((jurisdiction, register, type_, number), ()))

    def mention_scopes(self, jurisdiction: str, register: str, type_: str, number: int, citing_term: str,
                       exclude: str) -> set[str]:
        """The scopes long mentions give this symbol in texts of ``citing_term``, other than the text ``exclude``."""
        by_scope = self._scopes.get((jurisdiction, register, type_, number, citing_term), {})
        return {scope for scope, sources in by_scope.items() if len(sources) > 1 or exclude not in sources}

    def copy(self) -> Catalog:
        """An independent copy (documents and descriptions are copied; the original is left as it was)."""
        out = Catalog()
        for k in sorted(self._docs):
            d = self._docs[k]
            out.add(replace(d, descriptions=list(d.descriptions), candidates=list(d.candidates)))
        for m in self.mentions:
            out.add_mention(m)
        for fact in self._highest:
            out.add_highest(*fact)
        out._aliases.update(self._aliases)
        out.problems = list(self.problems)
        return out


# --- loading ---------------------------------------------------------------------------------

def default_catalog_paths() -> list[Path]:
    """The bundled catalog's CSV files (``data/catalog/*.csv``, packaged with kg). Without them every document the
    catalog names would be left unresolved without a word, so a missing catalog (a broken install or checkout) is
    an error."""
    folder = catalog_dir()
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        raise CatalogError(f"the bundled catalog is missing ({folder} holds no .csv file): reinstall party-kg, "
                           "or restore data/catalog in a checkout")
    return files


def load_catalog(paths: Sequence[Path | str] | Path | str | None = None) -> Catalog:
    """A catalog of the documents in the given CSV files or folders (default: the project's ``data/catalog``).

    Every row passes ``catalog_rows.problems``; a bad row is left out and said in ``Catalog.problems``
    (``FILE:LINE: what``). A path that does not exist, or a file that is not a catalog, raises."""
    catalog = Catalog()
    for path in default_catalog_paths() if paths is None else catalog_files(paths):
        rows, registers = read_catalog(path)
        for fact in registers:
            if fact.get("highest_number", "").isdigit():
                catalog.add_highest(fact["issuer_code"], fact["type"], fact["term"], int(fact["highest_number"]),
                                    fact.get("highest_date") or None)
        for row in rows:
            wrong = problems(row)
            if wrong:
                catalog.problems.append(f"{path}:{row.line}: {'; '.join(wrong)}")
                continue
            doc = document_from_row(row.values, f"catalog:{row.where}")
            if doc:
                catalog.add(doc)
    return catalog


def document_from_row(row: dict[str, str], source: str) -> Document | None:
    """One catalog row as a document (None for a row that names nothing)."""
    get = lambda k: (row.get(k) or "").strip() or None  # noqa: E731
    kind = get("kind") or "document"
    term, type_, code, title = get("term"), get("type"), get("issuer_code"), get("title")
    level = level_of_code((code or "").partition("@")[0])
    number = int(get("number")) if (get("number") or "").isdigit() else None
    plenum = int(get("plenum")) if (get("plenum") or "").isdigit() else None
    desc = Description(source=source, origin="catalog", symbol=get("symbol"), date=get("date"),
                       issuer=get("issuer"), term=term, plenum=plenum, title=title)
    ident = None
    if kind in ("charter", "platform"):
        key = kind
    elif kind == "congress":
        if not term:
            return None
        key = f"congress/{term}"
    elif number is not None and type_ and code and level == "local" and get("date"):
        ident = Identity("dang", code, get("date")[:4], type_, number)  # a local register restarts each year
        key = ident.path
    elif number is not None and type_ and code and term:
        ident = Identity("dang", code, term, type_, number)
        key = ident.path
    elif type_ and term:
        where = f"plenum-{plenum}" if plenum else "unnumbered"
        key = f"dang/{code or 'TW'}/{term}/{type_}/{where}-{'-'.join(slug(title or '').split('-')[:6]) or 'untitled'}"
    else:
        return None
    return Document(key=key, kind=kind, level=level or "central", identity=ident,
                    symbol=get("symbol"), type=type_, number=number, issuer_code=code, term=term,
                    plenum=plenum, descriptions=[desc])


# --- subjects --------------------------------------------------------------------------------

@cache
def _subject_rules() -> dict:
    return load("resolve")["subject"]


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(_subject_rules()["stop_words"])


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` without marks, lower case (cached: the same titles are scored for every mention)."""
    return tuple(re.findall(r"[a-z0-9]+", skeleton(text)))


@lru_cache(maxsize=1 << 16)
def _title_terms(title: str) -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """A title's word pairs and lone words (what ``subject_score`` matches), and its words (``word_score``)."""
    words = _words(title)
    return frozenset(zip(words, words[1:])) | {(w,) for w in words}, frozenset(words)


@lru_cache(maxsize=1 << 16)
def _pairs(text: str, by_phrase: bool) -> frozenset[tuple[str, ...]]:
    """Word pairs (within comma-separated phrases when ``by_phrase``) without stop words; a lone word for a one-word phrase."""
    stop = _stop_words()
    phrases = re.split(r"[,;:“”\"()]", text) if by_phrase else [text]
    out: set[tuple[str, ...]] = set()
    for phrase in phrases:
        words = _words(phrase)
        pairs = {(a, b) for a, b in zip(words, words[1:]) if a not in stop and b not in stop}
        if not pairs:
            pairs = {(w,) for w in words if w not in stop}
        out |= pairs
    return frozenset(out)


def subject_score(subject: str, title: str) -> float:
    """Share of the subject's word pairs found in the title (0..1): ``về xây dựng, chỉnh đốn Đảng`` in 04-NQ/TW's title → 1.0."""
    wanted = _pairs(subject, by_phrase=True)
    if not wanted:
        return 0.0
    return len(wanted & _title_terms(title)[0]) / len(wanted)


def word_score(subject: str, title: str) -> float:
    """Share of the subject's content words found in the title: the tie-break when word pairs do not decide.

    ``về xây dựng, chỉnh đốn Đảng`` shares only the pair ``xây dựng`` with both 12-NQ/TW (``…về xây
    dựng Đảng hiện nay``) and 13-NQ/TW (``…xây dựng kết cấu hạ tầng…``) of plenum XI:4; the word
    ``Đảng`` tells them apart.
    """
    stop = _stop_words()
    wanted = {w for w in _words(subject) if w not in stop}
    return len(wanted & _title_terms(title)[1]) / len(wanted) if wanted else 0.0


def _titles(doc: Document) -> list[str]:
    titles = list(dict.fromkeys(d.title for d in doc.descriptions
                                if d.title and d.origin in ("catalog", "corpus-catalog", "self")))
    return titles or ([doc.title] if doc.title else [])


def _scores(subject: str, titles: list[str]) -> tuple[float, float]:
    """(pair score, word score) of a document's best-matching title."""
    return max(((subject_score(subject, t), word_score(subject, t)) for t in titles), default=(0.0, 0.0))


def best_by_subject(subject: str, documents: Sequence[Document],
                    titles: Callable[[Document], list[str]] = _titles) -> Document | None:
    """The one document whose title the subject matches clearly, or None.

    The best must reach ``min_score`` in word pairs and lead the next by ``min_margin``; when the
    pairs do not separate the two, its content words must lead by ``min_word_margin``.
    """
    rules = _subject_rules()
    scored = sorted(((*_scores(subject, titles(d)), d.key, d) for d in documents), key=lambda x: (-x[0], -x[1], x[2]))
    if not scored or scored[0][0] < rules["min_score"]:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < rules["min_margin"] \
            and scored[0][1] - scored[1][1] < rules["min_word_margin"]:
        return None
    return scored[0][3]


# --- references without a symbol -------------------------------------------------------------

def _term_stated(ref: Reference) -> bool:
    """Whether the text itself names the plenum's term (``khóa XII``, ``(Khóa X)``), not the finder's inference from the citing date."""
    sk = skeleton(ref.text)
    return bool(re.search(r"(?<![a-z])khoa(?![a-z])", sk)) or bool(
        ref.term and re.search(rf"(?<![A-Za-z]){re.escape(ref.term)}(?![A-Za-z])", ref.text))


def _plural(i: int, refs: Sequence[Reference]) -> bool:
    """Whether a plenum reference reads ``các nghị quyết Trung ương 6 khóa XII`` for one term: several documents, not one."""
    ref = refs[i]
    group = [j for j, r in enumerate(refs) if r.kind == ref.kind and (r.start, r.end) == (ref.start, ref.end)]
    if len(group) > 1 or not ref.sentence:
        return False
    sentence, text = skeleton(ref.sentence), skeleton(ref.text)
    same = sorted({r.start for r in refs if r.sentence == ref.sentence and skeleton(r.text) == text})
    rank = same.index(ref.start) if ref.start in same else 0
    positions = [m.start() for m in re.finditer(re.escape(text), sentence)]
    if not positions:
        return False
    pos = positions[min(rank, len(positions) - 1)]
    before = re.search(r"([a-z]+)\s+$", sentence[:pos])
    return bool(before and before.group(1) in load("resolve")["plural_words"])


def _document_decision(doc: Document, method: str, evidence: str) -> Decision:
    return Decision(key=doc.key, kind=doc.kind, level=doc.level if doc.level != "unresolved" else "central",
                    identity=doc.identity, method=method, confidence=confidence(evidence))


def _apposed(i: int, refs: Sequence[Reference], catalog: Catalog) -> Document | None:
    """The checked document a plenum reference names by the central symbol in parentheses right after it
    ('Nghị quyết Hội nghị lần thứ 9 … khóa XI (nghị quyết số 33-NQ/TW)'): one of that number in the plenum's
    term whose known plenum, if any, is this one."""
    ref = refs[i]
    nxt = refs[i + 1] if i + 1 < len(refs) else None
    if nxt is None or nxt.kind != "symbol" or nxt.issuer_code not in ("TW", "TƯ") or nxt.type != ref.type:
        return None
    sentence = ref.sentence or ""
    at = sentence.find(ref.text)
    after = sentence.find(nxt.text, at + len(ref.text)) if at >= 0 else -1
    between = sentence[at + len(ref.text):after] if after >= 0 else ""
    if after < 0 or "(" not in between or not _only_tail(between, ref):
        return None
    docs = [d for d in catalog.numbered("dang", "TW", nxt.type, nxt.number or 0, origin="catalog") if d.term == ref.term]
    if len(docs) != 1 or (docs[0].plenum is not None and docs[0].plenum != ref.plenum):
        return None
    return docs[0]


def _only_tail(between: str, ref: Reference) -> bool:
    """Whether the text between a plenum reference and its apposed symbol is only its tail and an opening
    parenthesis (its khóa, a comma), not another document."""
    rest = between.split("(")[0]
    return len(rest) <= ref.full_end - ref.end + 2 and between.count("(") == 1 and ")" not in between


def _single_plenum(term: str, plenum: int, type_: str | None) -> bool:
    return f"{term}:{plenum}:{type_}" in load("resolve")["single_document_plenums"]["plenums"]


def _decide_plenum(i: int, ref: Reference, refs: Sequence[Reference], citing: Citing, catalog: Catalog) -> Decision:
    """A plenum's document: by subject among that plenum's known documents of the type; never by the first one found."""
    if not ref.term or not ref.plenum:
        return unresolved(citing, i, ref, "plenum without term or number")
    candidates = catalog.of_plenum(ref.term, ref.plenum, ref.type)
    keys = [d.key for d in candidates]
    if not _term_stated(ref):
        return unresolved(citing, i, ref, "the text does not state the plenum's term", keys)
    if _plural(i, refs):
        return unresolved(citing, i, ref, "names several documents of the plenum", keys)
    if (named := _apposed(i, refs, catalog)) is not None:
        return _document_decision(named, "plenum+symbol", "plenum-symbol")
    if ref.title and (best := best_by_subject(ref.title, candidates, lambda d: catalog.titles(d.key) or _titles(d))):
        return _document_decision(best, "plenum+subject", "plenum-subject")
    if len(candidates) == 1 and _single_plenum(ref.term, ref.plenum, ref.type):
        return _document_decision(candidates[0], "plenum+single", "plenum-single")
    why = "no known document of this plenum" if not candidates else (
        "the subject matches none of the plenum's documents" if ref.title else "no subject to choose among the plenum's documents")
    return unresolved(citing, i, ref, why, keys)


def _decide_congress(i: int, ref: Reference, citing: Citing) -> Decision:
    """A national congress's resolution by its number (its term); a province's or a district's by the body the
    citing document places it in (its own, or its superior Tỉnh ủy), never by guess: another province's is another
    document."""
    if ref.issuer_code is None:
        if not ref.term:
            return unresolved(citing, i, ref, "congress without its number")
        return Decision(key=f"congress/{ref.term}", kind="congress", level="central", identity=None,
                        method="congress", confidence=confidence("congress"))
    register, how = local_register(ref.issuer_code, None, citing.body, citing.province)
    if register is None or not ref.number:
        return unresolved(citing, i, ref, f"a {ref.issuer or 'local'} congress, and the citing document names no "
                                          "place to put it in")
    return Decision(key=f"congress/{register}/{roman(ref.number)}", kind="congress", level="local", identity=None,
                    method="local-congress", confidence=min(confidence("congress"), register_confidence(how)))


def _same_file_plenums(refs: Sequence[Reference], out: dict[int, Decision]) -> None:
    """A plenum reference repeated without its subject in the same text takes the document its subject gave (000, 003)."""
    resolved: dict[tuple, set[str]] = defaultdict(set)
    found: dict[str, Decision] = {}
    for i, d in out.items():
        if refs[i].kind == "plenum" and d.kind != "unresolved":
            resolved[(refs[i].term, refs[i].plenum, refs[i].type)].add(d.key)
            found[d.key] = d
    for i, d in list(out.items()):
        ref = refs[i]
        if ref.kind != "plenum" or d.kind != "unresolved" or not _term_stated(ref) or _plural(i, refs):
            continue
        keys = resolved.get((ref.term, ref.plenum, ref.type), set())
        if len(keys) == 1:
            target = found[next(iter(keys))]
            out[i] = replace(target, method="plenum+same-file", confidence=confidence("plenum-same-file"))


def decide_descriptive(extraction: Extraction, citing: Citing, catalog: Catalog) -> dict[int, Decision]:
    """Decisions for the references without a symbol: plenum, congress, Charter, Platform."""
    refs = extraction.references
    out: dict[int, Decision] = {}
    for i, ref in enumerate(refs):
        if ref.kind == "plenum":
            out[i] = _decide_plenum(i, ref, refs, citing, catalog)
        elif ref.kind == "congress":
            out[i] = _decide_congress(i, ref, citing)
        elif ref.kind in ("charter", "platform"):
            out[i] = Decision(key=ref.kind, kind=ref.kind, level="central", identity=None,
                              method=ref.kind, confidence=confidence(ref.kind))
    _same_file_plenums(refs, out)
    return out


