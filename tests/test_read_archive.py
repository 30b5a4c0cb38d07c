"""A folder as a party office keeps it: one document as .txt, .docx, .doc, .odt, .rtf, text PDF, scanned PDF,
TCVN3 text and VNI text builds into one document, and every form but the scan cites the same documents."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

import kg
from kg.graph.namespaces import DEFAULT_BASE
from test_read_docx import document_from_text
from test_read_legacy import to_tcvn3, to_vni
from test_read_ocr import as_scan
from test_read_pdf import FONT, build_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("tesseract") is None or not FONT.exists(),
    reason="LibreOffice, Tesseract and DejaVu Sans are installed by make test")
TEXT = (Path(__file__).resolve().parent.parent / "data" / "corpus" / "000_b04f6456e29f2afd.txt").read_text(encoding="utf-8")
SYMBOL = "04-KL/BTCTW"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.docx").write_bytes(document_from_text(TEXT))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(folder.parent / 'lo').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(folder / "c"), str(folder / "b.docx")], check=True,
                   capture_output=True, timeout=300)
    for fmt in ("odt", "rtf"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(folder.parent / 'lo').as_uri()}",
                        "--convert-to", fmt, "--outdir", str(folder / fmt), str(folder / "b.docx")], check=True,
                       capture_output=True, timeout=300)
    lines = [line.replace("*", "") for line in TEXT.splitlines()]
    (folder / "d.pdf").write_bytes(build_pdf([lines]))
    (folder / "e-scan.pdf").write_bytes(as_scan(build_pdf([lines[:40]]), dpi=200))  # the opening, scanned
    (folder / "f-tcvn3.txt").write_bytes(to_tcvn3(TEXT).encode("cp1252"))
    (folder / "g-vni.txt").write_bytes(to_vni(TEXT).encode("cp1252"))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    return folder


def test_every_form_builds_into_the_same_document(archive, tmp_path):
    store = tmp_path / "store"
    report = kg.build([archive], store, progress=False)
    assert report.inputs == 9 and not report.failed and len(report.skipped) == 1
    with kg.open_store(store, read_only=True) as s:
        docs = {str(r[0]) for r in s.query(f"SELECT DISTINCT ?d WHERE {{ ?d pk:symbol '{SYMBOL}' }}")}
        assert len(docs) == 1
        rows = s.query("SELECT ?g ?d WHERE { GRAPH ?g { ?c a cito:Citation ; cito:hasCitedEntity ?d } }")
        cited: dict[str, set[str]] = {}
        for g, d in rows:
            if "/ref/" not in str(d):  # an unresolved reference is a node of its own file
                cited.setdefault(str(g), set()).add(str(d))
    sources = {f"{DEFAULT_BASE}file/{hashlib.sha256(p.read_bytes()).hexdigest()}": p.name
               for p in archive.rglob("*") if p.is_file()}
    by_file = {sources.get(g, g): refs for g, refs in cited.items()}
    full = {name: refs for name, refs in by_file.items() if name != "e-scan.pdf"}
    assert len(full) == 8 and all(refs == by_file["a.txt"] for refs in full.values()), {
        name: refs ^ by_file["a.txt"] for name, refs in full.items()}
