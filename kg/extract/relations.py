"""Relations: the cue words that say how the citing document, or two cited ones, relate."""
from __future__ import annotations

from kg.model import Link, Reference, Structure, Text


def assign_relations(text: Text, structure: Structure, references: list[Reference]) -> list[Link]:
    """Set ``relation``/``cue``/``planned`` on each reference; return the links stated between cited documents."""
    return []
