"""party-kg: a knowledge graph of Vietnamese Party documents and their cross-references.

    >>> import kg
    >>> result = kg.extract_file("data/corpus/001_efa0bf86d863f830.txt")
    >>> result.document.symbol
    '09-KL/BTCTW'
"""
from kg.api import extract_file, extract_paths
from kg.model import Extraction, Record, Reference

__all__ = ["Extraction", "Record", "Reference", "extract_file", "extract_paths"]
