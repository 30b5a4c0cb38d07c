"""Evidence: how a numbered reference gets its scope (a term, or a year), as an ordered record a user can read.

A central symbol cited with its own date, ``khóa`` or plenum takes that term, unless its number is
beyond what that term's register reached (an impossible number stays unresolved). Otherwise the
candidates are the Central Committee's terms, and two steps remove what cannot be:

- ``exists``: a term that began after the citing document, or whose document of this number is dated
  after it (a document cannot cite one that does not exist yet; a same-day citation can);
- ``register``: a term whose register could not have reached this number by the citing date
  (``kg.resolve.registers``): ``79-NQ/TW`` cited in February 2026 is not term XIV's.

Then the first of these that decides, in order: another mention of the symbol in the same text; a
subject matching a catalog title; long mentions in other corpus texts of the same term; the checked
catalog knowing the symbol in one remaining term only; the citing document's own term; else the
latest earlier term left. Local and state references are scoped by their body's term or by year.
Every decision carries its ``Step`` list; ``kg check --explain FILE#N`` prints it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.model import Extraction, Identity, Reference, Step
from kg.resolve.catalog import Catalog, best_by_subject
from kg.resolve.identity import (
    NUMBERED, Citing, Decision, confidence, own_scope, register_confidence, register_of, unresolved,
)
from kg.rules import term_after, terms_begun, type_code_for_word
from kg.rules.lexicon import slug

__all__ = ["decide_numbered"]


@dataclass
class _Group:
    """The mentions of one (jurisdiction, register, type, number) in a file."""

    jurisdiction: str
    register: str
    how: str
    level: str
    type: str
    number: int
    members: list[int]

    @property
    def symbol(self) -> str:
        return f"{self.number:02d}-{self.type}/{self.register}"


def decide_numbered(extraction: Extraction, citing: Citing, catalog: Catalog) -> dict[int, Decision]:
    """Decisions for every numbered reference (symbol, state, number) of one file."""
    refs = extraction.references
    out: dict[int, Decision] = {}
    groups: dict[tuple, _Group] = {}
    for i, ref in enumerate(refs):
        if ref.kind not in NUMBERED:
            continue
        if ref.kind == "state" and ref.type == "L" and ref.number is None and ref.title and ref.date:
            out[i] = _named_law(ref)
            continue
        if ref.number is None or not ref.type:
            out[i] = unresolved(citing, i, ref, "no number or type")
            continue
        jurisdiction, register, how, level = register_of(ref, citing)
        if register is None:
            continue  # decided after the others: a number without a code, or a local code without a body
        g = groups.setdefault((jurisdiction, register, ref.type, ref.number),
                              _Group(jurisdiction, register, how, level, ref.type, ref.number, []))
        g.members.append(i)
    for g in groups.values():
        out.update(_decide_group(g, extraction, citing, catalog))
    for i, ref in enumerate(refs):
        if ref.kind in NUMBERED and i not in out:
            out[i] = _without_register(i, ref, out, citing, catalog)
    return out


def _decision(g: _Group, scope: str, evidence: str, kind: str, steps: Sequence[Step], how: str | None = None) -> Decision:
    ident = Identity(jurisdiction=g.jurisdiction, register=g.register, scope=scope, type=g.type, number=g.number)
    conf = min(confidence(evidence), register_confidence(how or g.how))
    return Decision(key=ident.path, kind="document", level=g.level, identity=ident,
                    method=f"{kind}+{evidence}", confidence=conf, steps=tuple(steps))


def _latest(citing: Citing) -> str | None:
    """The latest date the citing document can have: its own, else the earliest of its copies and stamps."""
    return citing.date or citing.high


def _decide_group(g: _Group, extraction: Extraction, citing: Citing, catalog: Catalog) -> dict[int, Decision]:
    refs = extraction.references
    own: dict[int, tuple[str, str]] = {}
    for i in g.members:
        s = own_scope(refs[i], g.level) or _plenum_scope(refs[i], g, catalog)
        if s:
            own[i] = s
    if g.level == "local":
        _local_terms(g, refs, own)
    decided = {i: _own_decision(g, i, refs[i], scope, ev, citing, catalog) for i, (scope, ev) in own.items()}
    rest = [i for i in g.members if i not in decided]
    if rest:
        scopes = {s for i, (s, _) in own.items() if decided[i].kind != "unresolved"}
        pick = _central_rest if g.level == "central" else _yearly_rest
        decided.update(pick(g, rest, refs, scopes, citing, catalog))
    if g.level == "central":
        decided = {i: _type_word(g, refs[i], d, catalog) for i, d in decided.items()}
    return decided


def _type_word(g: _Group, ref: Reference, decision: Decision, catalog: Catalog) -> Decision:
    """A type word that names another type than the code, whose subject fits that type's document only, wins.

    ``Kết luận số 01-CT/TW … về tiếp tục thực hiện Chỉ thị 05-CT/TW``: 01-KL/TW of term XIII has that
    subject, 01-CT/TW of term XIII another; the code is the misprint. Without a subject the code stands.
    """
    word = type_code_for_word(ref.type_word) if ref.type_word else None
    if not word or word == g.type or not ref.title or decision.identity is None:
        return decision
    scope = decision.identity.scope
    mine = [d for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number) if d.identity and d.identity.scope == scope]
    other = [d for d in catalog.numbered(g.jurisdiction, g.register, word, g.number) if d.identity and d.identity.scope == scope]
    if not other:
        return decision
    best = best_by_subject(ref.title, mine + other, lambda d: catalog.titles(d.key))
    if best is None or best not in other or best.identity is None:
        return decision
    why = (f"'{ref.type_word}' names a {word}, and the subject '{ref.title}' matches {best.symbol or best.key} "
           f"of term {scope}, not the {g.type} of the code")
    return replace(decision, key=best.key, identity=best.identity, method=f"{ref.kind}+type-word",
                   confidence=min(decision.confidence, confidence("type-word")),
                   steps=(*decision.steps, Step("type-word", (best.key,), why)))


_OWN_WORDS = {"date": "its own date", "term": "its khóa", "plenum": "its plenum", "same-file": "the body's term stated beside it"}


def _own_decision(g: _Group, i: int, ref: Reference, scope: str, evidence: str, citing: Citing,
                  catalog: Catalog) -> Decision:
    """The scope the mention states, unless its number is beyond that term's register by the citing date.

    A number the register reached by the citing date but not by the mention's own date keeps its term
    (the date is probably misprinted; ``kg check`` reports the disagreement) at a lower confidence.
    """
    steps = [Step(evidence, (scope,), f"{_OWN_WORDS.get(evidence, evidence)} gives {scope}")]
    if g.level != "central":
        return _decision(g, scope, evidence, ref.kind, steps)
    on = max(filter(None, (ref.date, _latest(citing))), default=None)  # the latest either date allows
    reach = catalog.registers.reach(g.register, g.type, scope, on) if on else None
    if reach and g.number > reach.number:
        why = f"{g.symbol} is beyond term {scope}'s register by {on}: at most {reach.number:02d} ({reach.why})"
        return unresolved(citing, i, ref, why, steps=steps)
    early = catalog.registers.reach(g.register, g.type, scope, ref.date) if ref.date else None
    if early and g.number > early.number:
        why = (f"by its own date {ref.date} term {scope} had reached at most {early.number:02d} ({early.why}); "
               f"the term stands, the date is doubtful")
        return _decision(g, scope, "date-doubtful", ref.kind, [*steps, Step("register", (scope,), why)])
    return _decision(g, scope, evidence, ref.kind, steps)


# --- central symbols without their own scope -------------------------------------------------

def _exists(g: _Group, candidates: tuple[str, ...], on: str, catalog: Catalog) -> Step | None:
    """Terms whose document of this number is dated after the citing document are not its target."""
    late = {d.identity.scope: d.date for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number)
            if d.identity and d.identity.scope in candidates and d.date and d.date > on}
    if not late:
        return None
    kept = tuple(t for t in candidates if t not in late)
    return Step("exists", kept, "; ".join(f"{g.symbol} of term {t} is dated {d}, after the citing document ({on})"
                                          for t, d in sorted(late.items())))


def _register(g: _Group, candidates: tuple[str, ...], on: str, catalog: Catalog) -> Step | None:
    """Terms whose register could not have reached this number by the citing date are not its target."""
    beyond = {}
    for t in candidates:
        reach = catalog.registers.reach(g.register, g.type, t, on)
        if reach and g.number > reach.number:
            beyond[t] = reach
    if not beyond:
        return None
    kept = tuple(t for t in candidates if t not in beyond)
    return Step("register", kept, "; ".join(f"term {t} had reached at most {r.number:02d} by {on} ({r.why})"
                                            for t, r in beyond.items()))


def _central_rest(g: _Group, rest: list[int], refs: Sequence[Reference], own: set[str], citing: Citing,
                  catalog: Catalog) -> dict[int, Decision]:
    """Mentions of a central symbol without their own scope: remove impossible terms, then choose by evidence."""
    on = _latest(citing)
    candidates = terms_begun(on)
    steps = [Step("terms", candidates, f"terms begun by the citing document's date ({on})" if on
                  else "the citing document's date is unknown: every term")]
    if on:
        for check in (_exists, _register):
            if (step := check(g, candidates, on, catalog)) is not None:
                steps.append(step)
                candidates = step.kept
    if not candidates:
        return {i: unresolved(citing, i, refs[i], f"no term in which {g.symbol} existed by {on}", steps=steps)
                for i in rest}
    out: dict[int, Decision] = {}
    if len(own) == 1:
        scope = next(iter(own))
        why = f"another mention of {g.symbol} in this text gives {scope}"
        return {i: _decision(g, scope, "same-file", refs[i].kind, [*steps, Step("same-file", (scope,), why)])
                for i in rest}
    subject: dict[int, str] = {}
    if not own:
        for i in rest:
            if (s := _subject_scope(refs[i], g, candidates, catalog)) is not None:
                subject[i] = s
                why = f"the subject '{refs[i].title}' matches the title of term {s}'s {g.symbol}"
                out[i] = _decision(g, s, "subject", refs[i].kind, [*steps, Step("subject", (s,), why)])
    chosen = _choose(g, candidates, citing, catalog, set(subject.values()))
    for i in rest:
        if i in out:
            continue
        if chosen is None:
            out[i] = unresolved(citing, i, refs[i], "no date, term, plenum or subject, and the citing document is undated",
                                [d.key for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number)], steps)
        else:
            out[i] = _decision(g, chosen[0], chosen[1], refs[i].kind, [*steps, chosen[2]])
    return out


def _choose(g: _Group, candidates: tuple[str, ...], citing: Citing, catalog: Catalog,
            subject: set[str]) -> tuple[str, str, Step] | None:
    """(scope, evidence, step) for mentions that carry nothing of their own, first decisive evidence first."""
    if len(subject) == 1:
        s = next(iter(subject))
        return s, "same-file", Step("same-file", (s,), f"another mention's subject in this text gives {s}")
    term = citing.term()
    if term:
        scopes = catalog.mention_scopes(g.jurisdiction, g.register, g.type, g.number, term[0], citing.source)
        scopes &= set(candidates)
        if len(scopes) == 1:
            s = next(iter(scopes))
            return s, "corpus", Step("corpus", (s,), f"long mentions in other texts of term {term[0]} give {s}")
    known = {d.identity.scope for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number, origin="catalog")
             if d.identity and d.identity.scope in candidates}
    if len(known) == 1:
        s = next(iter(known))
        return s, "catalog", Step("catalog", (s,), f"the checked catalog knows {g.symbol} in term {s} only")
    if term and term[0] in candidates:
        return term[0], term[1], Step(term[1], (term[0],), f"the citing document is of term {term[0]}")
    if term and (s := term_after(term[0], -1)) in candidates:
        return s, "earlier-term", Step("earlier-term", (s,), f"term {term[0]} is ruled out; the term before it is {s}")
    return None


def _subject_scope(ref: Reference, g: _Group, candidates: tuple[str, ...], catalog: Catalog) -> str | None:
    """The scope of the one candidate document of this symbol whose title the mention's subject matches."""
    if not ref.title:
        return None
    docs = [d for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number)
            if d.identity and d.identity.scope in candidates]
    best = best_by_subject(ref.title, docs, lambda d: catalog.titles(d.key))
    return best.identity.scope if best and best.identity else None


def _plenum_scope(ref: Reference, g: _Group, catalog: Catalog) -> tuple[str, str] | None:
    """The term of a symbol cited with its plenum but no date or term: the catalog's documents of that plenum."""
    if g.level != "central" or not ref.plenum:
        return None
    terms = {d.identity.scope for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number)
             if d.identity and ref.plenum in catalog.plenums(d.key)}
    return (next(iter(terms)), "plenum") if len(terms) == 1 else None


# --- local and state symbols -----------------------------------------------------------------

def _local_terms(g: _Group, refs: Sequence[Reference], scopes: dict[int, tuple[str, str]]) -> None:
    """In one text, mentions of a local symbol on the same date (or undated) share the body's stated term."""
    termed = [i for i in g.members if refs[i].term]
    terms = {refs[i].term for i in termed}
    if len(terms) != 1:
        return
    term = next(iter(terms))
    dates = {refs[i].date for i in termed if refs[i].date}
    for i in g.members:
        if i not in termed and (not refs[i].date or not dates or refs[i].date in dates):
            scopes[i] = (term, "same-file")


def _yearly_rest(g: _Group, rest: list[int], refs: Sequence[Reference], own: set[str], citing: Citing,
                 catalog: Catalog) -> dict[int, Decision]:
    """Mentions of a local or state symbol without their own scope: the same text's, the catalog's, or the citing year."""
    out: dict[int, Decision] = {}
    known = _one_catalog_scope(g, citing, catalog) if len(own) != 1 else None
    for i in rest:
        if len(own) == 1:
            s = next(iter(own))
            out[i] = _decision(g, s, "same-file", refs[i].kind,
                               [Step("same-file", (s,), f"another mention of {g.symbol} in this text gives {s}")])
        elif (c := known) is not None:
            out[i] = _decision(g, c, "catalog", refs[i].kind,
                               [Step("catalog", (c,), f"the checked catalog knows {g.symbol} in {c} only")])
        elif (y := citing.year()) is not None:
            out[i] = _decision(g, y[0], y[1], refs[i].kind,
                               [Step(y[1], (y[0],), f"the citing document is of {y[0]}")])
        else:
            out[i] = unresolved(citing, i, refs[i], "no date, term, plenum or subject, and the citing document is undated",
                                [d.key for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number)])
    return out


def _one_catalog_scope(g: _Group, citing: Citing, catalog: Catalog) -> str | None:
    """The scope of the symbol when the checked catalog knows it in one scope only, not after the citing document."""
    docs = [d for d in catalog.numbered(g.jurisdiction, g.register, g.type, g.number, origin="catalog") if d.identity]
    scopes = {d.identity.scope for d in docs}
    on = _latest(citing)
    if len(scopes) != 1 or (on and any(d.date and d.date > on for d in docs)):
        return None
    return next(iter(scopes))


# --- numbers without a register --------------------------------------------------------------

def _named_law(ref: Reference) -> Decision:
    """A law cited by its name and the date it was passed (``Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015``): the
    name and the date identify it (one law of a name is passed on a given day), its number unknown."""
    key = f"nha-nuoc/QH/{ref.date}/L/{slug(ref.title or '')}"
    steps = (Step("date", (ref.date[:4],), f"the law named '{ref.title}', passed on {ref.date}"),)
    return Decision(key=key, kind="document", level="state", identity=None, method="law-name+date",
                    confidence=confidence("date"), steps=steps)


def _without_register(i: int, ref: Reference, decided: dict[int, Decision], citing: Citing,
                      catalog: Catalog) -> Decision:
    """A number without an issuer code, or a local code whose body is unknown: the same text's document, or the subject's."""
    keys = {d.key: d for j, d in decided.items() if d.identity and d.identity.type == ref.type
            and d.identity.number == ref.number and (ref.kind == "number" or d.identity.register.split("@")[0] == ref.issuer_code)}
    if len(keys) == 1:
        d = next(iter(keys.values()))
        why = f"the one {ref.type} {ref.number} this text names with its register"
        return replace(d, method=f"{ref.kind}+same-file", confidence=min(d.confidence, confidence("same-file")),
                       steps=(Step("same-file", (d.key,), why),))
    if ref.kind == "number" and not keys and (d := _number_by_subject(i, ref, citing, catalog)) is not None:
        return d
    why = "a number without an issuer code" if ref.kind == "number" else "a local code whose body the text does not name"
    return unresolved(citing, i, ref, why, sorted(keys))


def _number_by_subject(i: int, ref: Reference, citing: Citing, catalog: Catalog) -> Decision | None:
    """``Nghị quyết 57 về đột phá …``: the central document of that type and number whose title the subject matches.

    Only documents that existed by the citing date are candidates; the subject must match one of them clearly.
    """
    if not ref.title or ref.number is None or not ref.type:
        return None
    on = _latest(citing)
    docs = [d for d in catalog.numbered("dang", "TW", ref.type, ref.number)
            if d.identity and not (on and d.date and d.date > on)]
    best = best_by_subject(ref.title, docs, lambda d: catalog.titles(d.key))
    if best is None or best.identity is None:
        return None
    scopes = tuple(sorted(d.identity.scope for d in docs if d.identity))
    steps = (Step("candidates", scopes, f"central {ref.type} {ref.number} that existed by {on}"),
             Step("subject", (best.identity.scope,),
                  f"the subject '{ref.title}' matches the title of term {best.identity.scope}'s {best.symbol or best.key}"))
    return Decision(key=best.key, kind="document", level="central", identity=best.identity,
                    method="number+subject", confidence=confidence("number-subject"), steps=steps)

