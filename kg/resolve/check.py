"""Check: what a user should look at in a resolved corpus.

Conflicts between descriptions of one document; references left unresolved; a type word that
names another type than the symbol's code (``Kết luận số 3135-CV/VPTW``); a named issuer that is
not the body of the code (``152-QĐ/BTCTW … của Bộ Chính trị``); a citing document dated before
the document it cites; and how many references each resolution method decided.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.model import Conflict, Document, FileResolution, Reference
from kg.rules import load, party_issuers, party_types, state_issuers, state_types, type_code_for_word
from kg.rules.lexicon import skeleton

if TYPE_CHECKING:  # pragma: no cover
    from kg.resolve.catalog import Catalog

__all__ = ["CheckReport", "DatedBefore", "Finding", "check", "explain"]


@dataclass(frozen=True)
class Finding:
    """One reference worth a look: where it is, what it says, and what is odd about it."""

    source: str
    reference: int
    text: str
    kind: str  # the reference's kind, or what is odd ("type word", "issuer")
    detail: str


@dataclass(frozen=True)
class DatedBefore:
    """A citing document dated before the document it cites: one of the two identities (or dates) is wrong."""

    source: str
    citing: str
    citing_date: str
    cited: str
    cited_date: str


@dataclass
class CheckReport:
    """Everything ``kg check`` reports about a resolved corpus."""

    conflicts: list[Conflict] = field(default_factory=list)
    unresolved: list[Finding] = field(default_factory=list)
    type_mismatches: list[Finding] = field(default_factory=list)
    issuer_mismatches: list[Finding] = field(default_factory=list)
    dated_before: list[DatedBefore] = field(default_factory=list)
    methods: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing but method counts is reported."""
        return not (self.conflicts or self.unresolved or self.type_mismatches or self.issuer_mismatches
                    or self.dated_before)

    def lines(self) -> list[str]:
        """The report as lines for ``kg check`` to print, grouped by kind, in a stable order."""
        out = [f"conflicts: {len(self.conflicts)}"]
        for c in self.conflicts:
            values = "; ".join(f"{v!r} ({', '.join(s)})" for v, s in c.values.items())
            out.append(f"  conflict {c.key} {c.field}: {values}")
        out.append(f"unresolved references: {len(self.unresolved)}")
        out += [f"  unresolved {f.source} #{f.reference} {f.kind} {f.text!r}: {f.detail}" for f in self.unresolved]
        out.append(f"type word vs code: {len(self.type_mismatches)}")
        out += [f"  type word {f.source} #{f.reference} {f.text!r}: {f.detail}" for f in self.type_mismatches]
        out.append(f"issuer vs code: {len(self.issuer_mismatches)}")
        out += [f"  issuer {f.source} #{f.reference} {f.text!r}: {f.detail}" for f in self.issuer_mismatches]
        out.append(f"cited documents dated after the citing one: {len(self.dated_before)}")
        out += [f"  dated before {d.source}: {d.citing} ({d.citing_date}) cites {d.cited} ({d.cited_date})"
                for d in self.dated_before]
        out.append(f"references per method: {sum(self.methods.values())}")
        out += [f"  {m}: {n}" for m, n in sorted(self.methods.items(), key=lambda x: (-x[1], x[0]))]
        return out


def _words_of(code: str, state: bool) -> set[str]:
    info = (state_types() if state else party_types()).get(code)
    return {" ".join(skeleton(w).split()) for w in info["words"]} if info else set()


def type_mismatch(ref: Reference) -> str | None:
    """Why a symbol's type word names another type than its code (None when it agrees or cannot be told)."""
    if ref.kind not in ("symbol", "state") or not ref.type_word or not ref.type:
        return None
    words = _words_of(ref.type, ref.kind == "state")
    if not words:
        return None
    word = " ".join(skeleton(ref.type_word).split())
    if word in words:
        return None
    named = type_code_for_word(ref.type_word)
    return f"the word {ref.type_word!r} names {named or 'no known type'}, the code is {ref.type}"


def _body_of_code(code: str) -> str:
    info = party_issuers().get(code) or state_issuers().get(code)
    return info["name"] if info else code


def issuer_mismatch(ref: Reference) -> str | None:
    """Why a named issuer is not the body of the symbol's code (None when it is, or the name is not a known body)."""
    if ref.kind not in ("symbol", "state") or not ref.issuer or not ref.issuer_code:
        return None
    from kg.resolve.identity import codes_of_issuer, level_of_code

    codes = codes_of_issuer(ref.issuer)
    if not codes or ref.issuer_code in codes or _conveys(ref.issuer_code, ref.issuer):
        return None
    if level_of_code(ref.issuer_code) == "local" and any(level_of_code(c) == "local" for c in codes):
        return None if ref.issuer_code in codes else f"{ref.issuer!r} is not a {_body_of_code(ref.issuer_code)}"
    return f"names {ref.issuer!r}, but {ref.issuer_code} is the code of {_body_of_code(ref.issuer_code)}"


def _conveys(code: str, issuer: str) -> bool:
    """Whether letters under ``code`` convey decisions of the named body (VPTW for the Secretariat)."""
    from kg.resolve.merge import normal_issuer

    names = load("resolve")["conveys"].get(code, [])
    return normal_issuer(issuer) in {normal_issuer(n) for n in names}


def _dated_before(resolutions: Sequence[FileResolution], documents: dict[str, Document]) -> list[DatedBefore]:
    out = []
    seen = set()
    for r in resolutions:
        for c in r.citations:
            citing, cited = documents.get(c.citing), documents.get(c.cited)
            if not citing or not cited or not citing.date or not cited.date:
                continue
            if citing.date < cited.date and (c.citing, c.cited) not in seen:
                seen.add((c.citing, c.cited))
                out.append(DatedBefore(r.extraction.source, c.citing, citing.date, c.cited, cited.date))
    return out


def check(resolutions: Sequence[FileResolution], catalog: Catalog | None = None) -> CheckReport:
    """The report over resolved files (``catalog`` is accepted for the dates of documents no file describes)."""
    from kg.resolve.merge import merge, merge_documents

    documents, conflicts = merge(resolutions)
    if catalog is not None:
        extra = [catalog.get(k) for k in {c.cited for r in resolutions for c in r.citations} if k not in documents]
        documents.update(merge_documents(d for d in extra if d))
    report = CheckReport(conflicts=conflicts)
    methods: Counter[str] = Counter()
    for r in resolutions:
        refs = r.extraction.references
        keys = _keys_by_reference(r)
        for i, ref in enumerate(refs):
            method = r.methods[i] if i < len(r.methods) else "unknown"
            methods[method] += 1
            if method == "unresolved":
                doc = next((d for d in r.cited if d.key == keys.get(i)), None)
                report.unresolved.append(Finding(r.extraction.source, i, ref.text, ref.kind,
                                                 (doc.note if doc and doc.note else "not resolved")))
            if why := type_mismatch(ref):
                report.type_mismatches.append(Finding(r.extraction.source, i, ref.text, "type word", why))
            if why := issuer_mismatch(ref):
                report.issuer_mismatches.append(Finding(r.extraction.source, i, ref.symbol or ref.text, "issuer", why))
    report.dated_before = _dated_before(resolutions, documents)
    report.methods = dict(sorted(methods.items()))
    return report


def _keys_by_reference(resolution: FileResolution) -> dict[int, str]:
    return {i: c.cited for c in resolution.citations if c.stated_in is None for i in c.references}


def explain(resolution: FileResolution, index: int) -> list[str]:
    """How reference ``index`` of a resolved file was decided: what it says, where it went, and each step of evidence."""
    refs = resolution.extraction.references
    if not 0 <= index < len(refs):
        raise IndexError(f"{resolution.extraction.source} has {len(refs)} references (#0 to #{len(refs) - 1})")
    ref = refs[index]
    cited = next((c for c in resolution.citations if c.stated_in is None and index in c.references), None)
    target = cited.cited if cited else resolution.document.key
    how = f"{resolution.methods[index]}, confidence {cited.confidence:.2f}" if cited else resolution.methods[index]
    lines = [f"{resolution.extraction.source} #{index} {ref.kind} {ref.text!r}"]
    if ref.sentence:
        lines.append(f"  sentence: {ref.sentence}")
    said = [f"{k}={v}" for k, v in (("date", ref.date), ("khóa", ref.term), ("plenum", ref.plenum),
                                     ("issuer", ref.issuer), ("subject", ref.title)) if v]
    if said:
        lines.append("  the text gives: " + "; ".join(said))
    lines.append(f"  -> {target} ({how})")
    for n, step in enumerate(resolution.steps[index] if index < len(resolution.steps) else (), start=1):
        kept = f" [left: {', '.join(step.kept)}]" if step.kept else ""
        lines.append(f"  {n}. {step.evidence}: {step.why}{kept}")
    return lines
