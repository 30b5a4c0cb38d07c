"""Extract the document's own record (symbol, type, issuer, date, title, signers, copies)."""
from __future__ import annotations

from kg.model import Record, Structure, Text


def extract_record(text: Text, structure: Structure) -> Record:
    """The document's record, from its header, title, signature and copy stamps."""
    return Record()
