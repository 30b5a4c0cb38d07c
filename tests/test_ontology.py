"""ontology/party.ttl: loads cleanly, its generated schemes match kg/rules, its project terms follow the rules of the issue."""
from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.graph.namespaces import CITO, ELI, OA, PK, RELATION, TYPE
from kg.graph.ontology import ONTOLOGY_FILE, relation_cues, render
from kg.rules import party_types

ROOT = Path(__file__).resolve().parent.parent
PK_NS = str(PK._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g


def test_loads_in_rdflib_without_warnings(caplog: pytest.LogCaptureFixture):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG):
        warnings.simplefilter("always")
        g = Graph()
        g.parse(ONTOLOGY_FILE, format="turtle")
    assert len(g) > 500
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_generated_schemes_are_up_to_date_with_the_rules():
    current = ONTOLOGY_FILE.read_text(encoding="utf-8")
    assert render(current) == current, "run: python -m kg.graph.ontology"


def test_every_project_term_has_vietnamese_and_english_labels_and_comments(ontology: Graph):
    terms = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(PK_NS)}
    terms -= {PK.DocumentTypes, PK.Relations, PK.Terms}
    assert PK.implements in terms and PK.Document in terms
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert {"vi", "en"} <= langs, f"{term} needs {prop} in vi and en"


def test_every_project_relation_descends_from_an_eli_parent(ontology: Graph):
    """pk:implements, pk:reviews ... are sub-properties of eli:cites or eli:changes, transitively."""
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if not str(prop).startswith(PK_NS) or (None, PK.edgeProperty, prop) not in ontology:
            continue
        ancestors = set(ontology.transitive_objects(prop, RDFS.subPropertyOf))
        assert ancestors & {ELI.cites, ELI.changes}, prop


def test_type_scheme_has_every_party_code_with_its_vietnamese_word(ontology: Graph):
    for code, info in party_types().items():
        concept = TYPE[f"dang/{code}"]
        assert (concept, SKOS.inScheme, PK.DocumentTypes) in ontology
        assert (concept, SKOS.notation, Literal(code)) in ontology
        vi = {str(o) for o in ontology.objects(concept, SKOS.prefLabel) if o.language == "vi"}
        assert vi == {info["words"][0][:1].upper() + info["words"][0][1:]}


def test_relation_scheme_carries_the_cues_as_alternative_labels(ontology: Graph):
    alt = {str(o) for o in ontology.objects(RELATION.amends, SKOS.altLabel)}
    assert "sửa đổi bổ sung" in alt or not relation_cues()["amends"]
    assert (RELATION.amends, PK.edgeProperty, ELI.amends) in ontology
    assert (RELATION.continues, PK.edgeProperty, PK.continues) in ontology
    assert (RELATION.cites, SKOS.inScheme, PK.Relations) in ontology


@pytest.mark.parametrize("namespace", [ELI, CITO, OA, PK])
def test_every_python_namespace_term_is_declared(ontology: Graph, namespace):
    """The Python namespaces (kg.graph.namespaces) and the ontology declare the same terms."""
    for name in namespace.__annotations__:
        term = namespace[name]
        assert any(ontology.triples((term, RDF.type, None))), f"{term} is not declared in party.ttl"
