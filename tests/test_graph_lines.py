"""The graph's one writer makes canonical N-Triples: the lines it writes, parsed by rdflib and written again
by rdflib, come back byte for byte (``file_lines`` against ``nt_lines(file_triples(…))``, which parses them),
and its term writers (kg.graph.ntriples) give rdflib's ``.n3()``, on the real corpus, synthetic documents,
and literals and keys full of what N-Triples has to escape.
"""
from __future__ import annotations

import copy
import random
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib import namespace as rdflib_ns

from kg.api import extract_file
from kg.graph.build import catalog_lines, catalog_triples, file_lines, file_triples
from kg.graph.namespaces import DEFAULT_BASE, PK, Iris, iri_path
from kg.graph.ntriples import NtIris, nt_iri, nt_lang, nt_literal, nt_term, nt_typed
from kg.model import Citation, Copy, FileResolution, Signer
from kg.resolve import load_catalog, resolve_corpus
from kg.store import nt_lines

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from test_graph import hand_resolution

from benchmarks.synth import synth

# terms, not the namespace classes: pytest's collection would probe those (and rdflib warn)
DATE, YEAR, STRING, RDF_TYPE = rdflib_ns.XSD.date, rdflib_ns.XSD.gYear, rdflib_ns.XSD.string, rdflib_ns.RDF.type
BASES = [DEFAULT_BASE, "https://example.org/kg/"]
TRICKY = [
    'say "yes"', "back\\slash", "two\nlines", "tab\there", "carriage\rreturn", "emoji 😀 and 𝒳", 'ends in "',
    'a"""b\nc"', '\\\n"', "x\n", '"\n"""', "trailing\\", "Điều lệ Đảng", "",
]


def same_lines(resolutions: list[FileResolution], base: str) -> None:
    """Every resolution's fast lines equal rdflib's, under ``base``."""
    iris = Iris(base)
    for res in resolutions:
        assert file_lines(res, iris) == nt_lines(file_triples(res, iris)), res.extraction.source


@pytest.fixture(scope="module")
def corpus_resolutions() -> list[FileResolution]:
    return resolve_corpus([extract_file(p) for p in sorted((ROOT / "data" / "corpus").glob("*.txt"))], load_catalog())


@pytest.mark.parametrize("base", BASES)
def test_file_lines_equal_rdflib_lines_on_the_corpus(corpus_resolutions: list[FileResolution], base: str):
    same_lines(corpus_resolutions, base)
    assert all(file_lines(res) == nt_lines(file_triples(res)) for res in corpus_resolutions)  # the default base


def test_file_lines_equal_rdflib_lines_on_the_test_fixtures():
    """The hand-made resolutions of tests/test_graph.py, on the corpus and on the PDF fixture."""
    files = [*sorted((ROOT / "data" / "corpus").glob("*.txt")), *sorted((ROOT / "tests" / "fixtures").rglob("*.pdf"))]
    resolutions = [hand_resolution(extract_file(p)) for p in files]
    assert len(resolutions) == 5
    for base in BASES:
        same_lines(resolutions, base)


def test_file_lines_equal_rdflib_lines_on_synthetic_documents(tmp_path: Path):
    folder = synth(120, 7, tmp_path / "synth")
    extractions = [extract_file(p) for p in sorted(folder.rglob("*.txt"))]
    resolutions = resolve_corpus(extractions, load_catalog())
    assert len(resolutions) == 120
    same_lines(resolutions, BASES[1])


def tricky(res: FileResolution, text: str, n: int) -> FileResolution:
    """A copy of ``res`` with ``text`` in every literal a file's graph holds, and in keys, names and symbols."""
    res = copy.deepcopy(res)
    ext, doc = res.extraction, res.document
    record = ext.document
    record.title = record.place = record.type_word = record.issuer = f"{text} {n}"
    record.date = ["2021-02-30", "٢٠٢١", "2021-01-01\n", "0999"][n % 4]
    record.signers = [Signer(text, None), Signer(None, text)] if n % 2 else [Signer(text, None)]
    record.recipients = [text, f"{text}!"]
    record.copies = [Copy(kind=f"sao y {text}", symbol=f"{n + 1}-SY/TU", org=text, place=text, date="2020-05-06",
                          signer=text, recipients=[text]),
                     Copy(kind="sao lục", symbol=f"{text}", org=None, place=None, date=None, signer=None)]
    doc.note, doc.symbol, doc.plenum = text, f"{n}-NQ/{text}", n + 1
    for i, ref in enumerate(ext.references):
        ref.sentence = f"{text} trước {ref.text} sau {text}"
        ref.title, ref.cue, ref.issuer, ref.type_word = text, text, f"Ban {text}", text
        ref.footnote, ref.in_footnote = (i, True) if i % 2 else (None, False)
        ref.text = f"{ref.text}{text}" if i % 3 == 0 else ref.text
    weird = f"dang/{text}/<{n}> {{x}}|^`/../."
    res.citations = res.citations + [
        Citation(source=ext.source, citing=doc.key, cited=weird, relation="amends", cue=text, planned=bool(n % 2),
                 method=text, confidence=[0.12345, 1e-7, 1.0, -0.0][n % 4], references=[0, len(ext.references)]),
        Citation(source=ext.source, citing=weird, cited=f"ref/{text}/{n}", relation=text, cue=None, planned=False,
                 method="unresolved", confidence=0.5, references=[1], stated_in=doc.key),
    ]
    return res


def test_file_lines_equal_rdflib_lines_with_literals_and_keys_that_need_escaping(
        corpus_resolutions: list[FileResolution]):
    resolutions = [tricky(res, text, n) for n, text in enumerate(TRICKY) for res in corpus_resolutions[:2]]
    assert any('\\n' in line for res in resolutions for line in file_lines(res))  # newlines really got through
    for base in BASES:
        same_lines(resolutions, base)


def test_catalog_lines_equal_rdflib_lines():
    documents = list(load_catalog())
    assert documents
    for base in BASES:
        assert catalog_lines(documents, base) == nt_lines(catalog_triples(documents, base))


def test_the_line_writer_refuses_what_rdflib_cannot_serialise(corpus_resolutions: list[FileResolution]):
    res = copy.deepcopy(corpus_resolutions[0])
    res.extraction.sha256 = "not a sha"
    with pytest.raises(Exception, match="does not look like a valid URI"):
        nt_lines(file_triples(res))
    with pytest.raises(Exception, match="does not look like a valid URI"):
        file_lines(res)
    with pytest.raises(Exception, match="does not look like a valid URI"):
        file_lines(corpus_resolutions[0], "https://example.org/a b/")


# ---------------------------------------------------------------- terms

@pytest.mark.parametrize("value", [*TRICKY, True, False, 0, -3, 10**30, Decimal("0.123"), Decimal("-0.0"),
                                   Decimal("1E+2"), Decimal("NaN"), Decimal("Infinity")])
def test_nt_literal_is_rdflib_n3_but_for_line_breaks(value: object):
    assert nt_literal(value) == nt_term(Literal(value))
    if not (isinstance(value, str) and "\n" in value):
        assert nt_literal(value) == Literal(value).n3()


@pytest.mark.parametrize("text", TRICKY[:-1])
def test_nt_lang_is_rdflib_n3_but_for_line_breaks(text: str):
    assert nt_lang(text, "vi") == nt_term(Literal(text, lang="vi"))
    if "\n" not in text:
        assert nt_lang(text, "vi") == Literal(text, lang="vi").n3()


@pytest.mark.parametrize("text", TRICKY)
def test_a_literal_with_any_of_the_tricky_characters_is_valid_n_triples_and_reads_back(text: str):
    line = f"<https://example.org/s> <https://example.org/p> {nt_lang(text, 'vi')} ."
    (quad,) = ox.parse((line + "\n").encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    assert quad.object.value == text


def test_nt_typed_is_rdflib_n3_for_dates_and_years():
    years = ["0000", "0001", "0999", "1582", "1900", "2024", "9999"]
    for year in years:
        assert nt_typed(year, YEAR) == Literal(year, datatype=YEAR).n3()
        for month in range(14):
            for day in range(33):
                date = f"{year}-{month:02d}-{day:02d}"
                assert nt_typed(date, DATE) == Literal(date, datatype=DATE).n3(), date
    for odd, datatype in [("2021-1-1", DATE), ("٢٠٢١-٠١-٠١", DATE), ("2021-01-01\n", DATE),
                          ("٢٠٢١", YEAR), ("21", YEAR), ("x", STRING)]:
        assert nt_typed(odd, datatype) == nt_term(Literal(odd, datatype=datatype)), odd


def test_nt_iri_is_rdflib_n3_and_refuses_the_same_characters():
    assert nt_iri("https://example.org/kg/eli/dang/ĐUK@x/VI/KL/158") == URIRef(
        "https://example.org/kg/eli/dang/ĐUK@x/VI/KL/158").n3()
    for bad in '<>" {}|\\^`':
        with pytest.raises(Exception, match="does not look like a valid URI"):
            nt_iri(f"https://example.org/{bad}")


def test_nt_iris_mint_the_n3_of_what_iris_mints():
    keys = ["dang/TW/XIII/NQ/18", "ref/abc/3", "dang/ĐUK@thua-thien-hue/VI/KL/158", 'a b/"c"/<d>/../.', "Q\u0110i"]
    for base in BASES:
        iris, nt = Iris(base), NtIris(base)
        for key in keys:
            assert nt.document(key) == iris.document(key).n3()
            assert nt.copy(key, "TU", 4, 0) == iris.copy(key, "TU", 4, 0).n3()
            assert nt.copy(key, None, None, 2) == iris.copy(key, None, None, 2).n3()
            assert nt.org(key) == iris.org(key).n3()
        assert nt.file("ab" * 32) == iris.file("ab" * 32).n3()
        assert nt.citation("ab", 3) == iris.citation("ab", 3).n3()
        assert nt.annotation("ab", 3) == iris.annotation("ab", 3).n3()
        assert nt.sentence("ab", 3) == iris.sentence("ab", 3).n3()
        assert nt.graph("catalog") == iris.graph("catalog").n3()


# ---------------------------------------------------------------- namespaces

def iri_path_by_character(key: str) -> str:
    """iri_path's rule written one character at a time: what the table-driven iri_path must agree with."""
    def keep(ch: str) -> bool:
        return ch in "-._~!$&'()*+,;=:@" or (ch.isascii() and ch.isalnum()) or (
            not ch.isascii() and unicodedata.category(ch)[0] in "LMN")

    segments = ["".join(ch if keep(ch) else "".join(f"%{b:02X}" for b in ch.encode()) for ch in segment)
                for segment in unicodedata.normalize("NFC", key).split("/")]
    return "/".join(s.replace(".", "%2E") if s in {".", ".."} else s for s in segments)


def test_iri_path_agrees_with_its_rule_character_by_character():
    alphabet = "aZ09-._~!$&'()*+,;=:@/ %?#<>\"{}|\\^`\n\tĐđếỆ\u0301\u0323㆒½²😀\u00a0\u200b." + "../"
    rng = random.Random(3)
    for _ in range(3000):
        key = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert iri_path(key) == iri_path_by_character(key), repr(key)


def test_namespace_terms_are_plain_attributes_with_the_same_values():
    assert "cue" in vars(PK) and PK.cue is PK["cue"] == URIRef("https://w3id.org/party-kg/ontology#cue")
    assert "type" in vars(rdflib_ns.RDF) and RDF_TYPE == URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    with pytest.raises(AttributeError):
        PK.notATerm  # noqa: B018 (an undeclared term still fails)


def test_a_file_graph_leaves_out_what_the_catalog_graph_states_of_identity(corpus_resolutions):
    """A document's identity (type, label, symbol, register…) and a body's name, when the catalog's graph states
    them, are not stated again in a file's graph; what the file's mentions say stays; the union is the same."""
    catalog = frozenset(catalog_lines(list(load_catalog())))
    left_out = 0
    for res in corpus_resolutions:
        full, lean = set(file_lines(res)), set(file_lines(res, catalog=catalog))
        assert lean <= full and full - lean <= catalog
        assert lean | catalog == full | catalog
        assert not any(line in catalog for line in lean if f"<{PK.symbol}>" in line or f"<{PK.register}>" in line)
        left_out += len(full - lean)
        said = {line for line in full if "<http://data.europa.eu/eli/ontology#date_document>" in line}
        assert said <= lean  # a date a mention gives is the file's word, even when the catalog gives the same
    assert left_out > 100
