"""Extract from a normalised ``Text``: its structure, its own record, and its references."""
from __future__ import annotations

from kg.extract.record import extract_record
from kg.extract.references import find_references
from kg.extract.structure import parse_structure
from kg.model import Link, Record, Reference, Structure, Text

__all__ = ["extract_document", "extract_record", "find_references", "parse_structure"]


def extract_document(text: Text) -> tuple[Structure, Record, list[Reference], list[Link]]:
    """Run every extractor over one document, each on the output of the one before."""
    structure = parse_structure(text)
    record = extract_record(text, structure)
    references, links = find_references(text, structure, record)
    return structure, record, references, links
