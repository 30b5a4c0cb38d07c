"""The catalog of central documents (data/catalog/<TERM>.csv): shape, consistency, and coverage.

The catalog is data that a later stage uses to resolve references without a symbol and to tell
apart documents that share a symbol across terms. These tests are its lint: every row well formed,
dated within its term and its register's range, with a source; and the targets the gold
annotation resolves to are in it.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from gold_data import all_gold
from kg.resolve.catalog_rows import problems, read_rows

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "data" / "catalog"
FILES = sorted(p for p in FOLDER.glob("*.csv") if p.name != "registers.csv")

COLUMNS = ["symbol", "type", "number", "issuer_code", "issuer", "date", "term", "plenum",
           "title", "source", "kind"]
KIND_ORDER = {"document": 0, "congress": 1, "charter": 2, "platform": 3}
CENTRAL_CODES = {"TW", "BTCTW", "BTGTW", "BDVTW", "BNCTW", "VPTW", "UBKTTW"}
SYMBOL = re.compile(r"^(?P<number>\d+)-(?P<type>[^/\s-]+)/(?P<code>[^/\s]+)$")


def _rows() -> list[dict[str, str]]:
    rows = []
    for path in FILES:
        with path.open(encoding="utf-8", newline="") as f:
            rows += [dict(row, file=path.name) for row in csv.DictReader(f)]
    return rows


ROWS = _rows()


def _label(row: dict[str, str]) -> str:
    return f"{row['symbol'] or row['title'][:40]} ({row['term']}, {row['kind']})"


def _find(type_: str, number: int, code: str = "TW", term: str | None = None) -> list[dict[str, str]]:
    return [r for r in ROWS
            if r["type"] == type_ and r["number"] and int(r["number"]) == number
            and r["issuer_code"] == code and (term is None or r["term"] == term)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_parses_with_the_expected_columns(path: Path):
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header[: len(COLUMNS)] == COLUMNS
    for row in (r for r in ROWS if r["file"] == path.name):
        assert None not in row, f"row with too many fields: {row}"
        assert all(v is not None for v in row.values()), f"row with too few fields: {row}"


def test_one_file_per_term_sorted_by_type_and_number():
    assert len(ROWS) > 300
    for path in FILES:
        rows = [r for r in ROWS if r["file"] == path.name]
        assert {r["term"] or "unknown-term" for r in rows} == {path.stem}, path.name
        keys = [(KIND_ORDER[r["kind"]], r["type"], int(r["number"]) if r["number"] else 10**6) for r in rows]
        assert keys == sorted(keys), f"{path.name} is not sorted by type and number"


def test_rows_are_unicode_nfc():
    import unicodedata

    for row in ROWS:
        for k, v in row.items():
            assert v == unicodedata.normalize("NFC", v), f"{_label(row)}: {k} is not NFC"


def test_every_row_passes_the_lint():
    """The lint kg applies to every catalog row it loads (kg.resolve.catalog_rows.problems), over every file."""
    bad = [f"{row.where}: {p}" for path in FILES for row in read_rows(path) for p in problems(row)]
    assert not bad, bad


def test_the_bundled_catalog_holds_central_documents_only():
    assert {r["issuer_code"] for r in ROWS if r["issuer_code"]} <= CENTRAL_CODES


def test_no_number_is_beyond_its_registers_highest():
    with (FOLDER / "registers.csv").open(encoding="utf-8", newline="") as f:
        highest = {(r["term"], r["type"], r["issuer_code"]): int(r["highest_number"])
                   for r in csv.DictReader(f) if r["highest_number"].isdigit()}
    beyond = [f"{r['symbol']} ({r['term']}) > {highest[k]}" for r in ROWS if r["number"]
              and (k := (r["term"], r["type"], r["issuer_code"])) in highest and int(r["number"]) > highest[k]]
    assert not beyond, beyond


def test_documents_without_symbol_have_no_number():
    for row in ROWS:
        if not row["symbol"]:
            assert not row["number"], _label(row)


def test_no_two_rows_share_symbol_and_term():
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(ROWS):
        if not row["symbol"]:
            continue
        key = (row["symbol"], row["term"])
        assert key not in seen, f"{key} on rows {seen[key] + 2} and {i + 2}"
        seen[key] = i


def test_a_symbol_repeated_across_terms_is_told_apart():
    by_symbol: dict[str, list[dict[str, str]]] = {}
    for row in ROWS:
        if row["symbol"]:
            by_symbol.setdefault(row["symbol"], []).append(row)
    for symbol, rows in by_symbol.items():
        if len(rows) > 1:
            terms = [r["term"] for r in rows]
            assert all(terms), f"{symbol} repeats: each copy needs its term"
            assert len(set(terms)) == len(terms)


def test_both_18_nq_tw_exist_with_their_dates():
    rows = {r["term"]: r for r in _find("NQ", 18)}
    assert rows["XII"]["date"] == "2017-10-25"
    assert rows["XIII"]["date"] == "2022-06-16"
    assert rows["XII"]["plenum"] == "6" and rows["XIII"]["plenum"] == "5"


@pytest.mark.parametrize("type_,number,term", [("NQ", 18, "XII"), ("NQ", 18, "XIII"),
                                               ("NQ", 21, "XII"), ("NQ", 21, "XIII"),
                                               ("NQ", 28, "XII"), ("NQ", 28, "XIII"),
                                               ("HD", 1, "XII"), ("HD", 1, "XIII")])
def test_same_symbol_pairs_of_the_domain_notes(type_: str, number: int, term: str):
    assert len(_find(type_, number, term=term)) == 1


@pytest.mark.parametrize("term,plenum,targets", [
    ("XI", "4", [("NQ", 12)]),
    ("XII", "4", [("NQ", 4)]),
    ("XII", "6", [("NQ", 18), ("NQ", 19)]),
    ("XIII", "4", [("KL", 21)]),
])
def test_gold_plenum_targets_exist(term: str, plenum: str, targets: list[tuple[str, int]]):
    for type_, number in targets:
        rows = _find(type_, number, term=term)
        assert len(rows) == 1, f"{type_}/TW/{number} of term {term}"
        assert rows[0]["plenum"] == plenum
        assert rows[0]["issuer"] == "Ban Chấp hành Trung ương"


GOLD = all_gold()


def _notes_date(row: dict[str, str], iso: str) -> bool:
    """Whether a row's note records a text's other date for it (``28/12/2017``): a disagreement kept, not lost."""
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}" in row["note"] or f"{d}/{m}/{y}" in row["note"]


def test_every_central_tier_a_reference_of_the_gold_is_catalogued():
    missing = []
    for doc in GOLD:
        for ref in doc["references"]:
            if ref["tier"] != "A":
                continue
            type_, code, number = ref["key"].split("/")
            if code not in CENTRAL_CODES:
                continue
            rows = _find(type_, int(number), code, term=ref.get("term"))
            if not rows:
                missing.append(f"{doc['doc']}: {ref['key']} term {ref.get('term')}")
            elif ref.get("date"):
                if not any(r["date"] in ("", ref["date"]) or _notes_date(r, ref["date"]) for r in rows):
                    missing.append(f"{doc['doc']}: {ref['key']} dated {ref['date']}")
    assert not missing, missing


def test_every_gold_resolves_to_target_is_catalogued():
    for doc in GOLD:
        for ref in doc["references"]:
            target = ref.get("resolves_to")
            if not target:
                continue
            type_, code, number = target.split("/")
            term = ref.get("term") or (ref["key"].split(":")[1] if ref["key"].startswith("plenum:") else None)
            assert _find(type_, int(number), code, term=term), f"{doc['doc']}: {ref['key']} → {target} ({term})"


def test_charter_and_platform_rows():
    kinds = {r["kind"]: r for r in ROWS if r["kind"] in ("charter", "platform")}
    assert "Điều lệ" in kinds["charter"]["title"]
    assert kinds["platform"]["title"].startswith("Cương lĩnh xây dựng đất nước trong thời kỳ quá độ")
    assert kinds["charter"]["term"] == kinds["platform"]["term"] == "XI"


# --- plenum coverage: the README's table and the catalog agree --------------------------------

README = FOLDER / "README.md"
# plenums held, as the README establishes (VIII and IX: the numbered plenums found before the next Congress;
# XIV: so far, the stored pages ending in March 2026)
COVERAGE_TERMS = {"VIII": 12, "IX": 14, "X": 15, "XI": 14, "XII": 15, "XIII": 15, "XIV": 1}
STATUSES = {"issued", "none issued", "not found", "not yet checked"}


def _coverage() -> list[dict[str, str]]:
    """The rows of the README's plenum coverage table (term, plenum, held, status, documents, remarks)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Plenum coverage", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in COVERAGE_TERMS and cells[1].isdigit():
            rows.append(dict(zip(["term", "plenum", "held", "status", "documents", "remarks"], cells)))
    return rows


COVERAGE = _coverage()


def _listed(documents: str) -> tuple[set[str], int]:
    """`04-NQ/TW, 05-NQ/TW; 2 unnumbered` → ({'04-NQ/TW', '05-NQ/TW'}, 2)."""
    symbols, unnumbered = set(), 0
    for part in documents.split(";"):
        part = part.strip()
        m = re.fullmatch(r"(\d+) unnumbered", part)
        if m:
            unnumbered += int(m[1])
        elif part and part != "—":
            symbols |= {s.strip() for s in part.split(",")}
    return symbols, unnumbered


def _plenum_rows(term: str, plenum: str) -> list[dict[str, str]]:
    return [r for r in ROWS if r["term"] == term and r["plenum"] == plenum]


def test_coverage_table_lists_every_plenum_of_terms_viii_to_xiv_once():
    for term, held in COVERAGE_TERMS.items():
        plenums = [int(r["plenum"]) for r in COVERAGE if r["term"] == term]
        assert plenums == list(range(1, held + 1)), f"term {term}: {plenums}"
    for row in COVERAGE:
        assert row["status"] in STATUSES, row


@pytest.mark.parametrize("entry", [r for r in COVERAGE if r["status"] == "issued"],
                         ids=lambda r: f"{r['term']}:{r['plenum']}")
def test_an_issued_plenum_has_exactly_the_rows_the_table_lists(entry: dict[str, str]):
    rows = _plenum_rows(entry["term"], entry["plenum"])
    assert rows, f"{entry['term']}:{entry['plenum']} is 'issued' but the catalog has no row of it"
    symbols, unnumbered = _listed(entry["documents"])
    for symbol in symbols:
        assert SYMBOL.match(symbol), f"not a symbol in the table: {symbol!r}"
    assert symbols == {r["symbol"] for r in rows if r["symbol"]}
    assert unnumbered == sum(1 for r in rows if not r["symbol"])


@pytest.mark.parametrize("entry", [r for r in COVERAGE if r["status"] != "issued"],
                         ids=lambda r: f"{r['term']}:{r['plenum']}")
def test_a_plenum_without_documents_has_no_row(entry: dict[str, str]):
    assert not _plenum_rows(entry["term"], entry["plenum"])
    assert entry["documents"] == "—"


def test_every_plenum_row_of_terms_x_to_xiii_is_in_the_table():
    listed = {(r["term"], r["plenum"]) for r in COVERAGE if r["status"] == "issued"}
    for row in ROWS:
        if row["plenum"] and row["term"] in COVERAGE_TERMS:
            assert (row["term"], row["plenum"]) in listed, _label(row)


def test_unnumbered_plenum_documents_do_not_repeat():
    seen = set()
    for row in ROWS:
        if row["plenum"] and not row["symbol"]:
            key = (row["term"], row["plenum"], row["type"], row["title"])
            assert key not in seen, key
            seen.add(key)


def test_a_missing_bundled_catalog_is_one_line_not_a_graph_without_it(tmp_path, monkeypatch, capsys):
    """A broken install or checkout (kg/data/catalog pointing nowhere) used to build with an empty catalog, leaving
    every document it names unresolved without a word."""
    import kg.resolve.catalog as catalog_module
    from kg.cli import main

    monkeypatch.setattr(catalog_module, "catalog_dir", lambda: tmp_path / "nowhere")
    code = main(["build", str(Path(__file__).resolve().parent.parent / "data" / "corpus"), "--store", str(tmp_path / "store"),
                 "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err == [f"kg build: the bundled catalog is missing ({tmp_path / 'nowhere'} holds no .csv "
                                 "file): reinstall party-kg, or restore data/catalog in a checkout"]
    assert not (tmp_path / "store").exists()
