"""Find every reference to another document, with its span, attributes and relation."""
from __future__ import annotations

from kg.model import Link, Record, Reference, Structure, Text


def find_references(text: Text, structure: Structure, record: Record) -> tuple[list[Reference], list[Link]]:
    """References in text order, and the links the text states between them."""
    return [], []
