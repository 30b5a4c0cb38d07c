"""The graph stage on resolutions built by hand from the real extraction of corpus 003.

These tests pin what kg.graph.build writes for a given FileResolution, independently of how the
resolver decides; tests/test_build.py runs the whole chain (with the real resolver) on the corpus.
"""
from __future__ import annotations

from collections import Counter

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.api import extract_file
from kg.graph.build import EDGE_PROPERTIES, edge_properties, graph_for_file
from kg.graph.namespaces import CITO, DEFAULT_BASE, ELI, OA, PK, Iris, iri_path
from kg.rules.lexicon import slug
from kg.graph.ontology import ONTOLOGY_FILE
from kg.model import Citation, Document, Extraction, FileResolution, Identity
from kg.read import read_file
from kg.rules import term_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DOC_003 = CORPUS / "003_8eb26c793d131e44.txt"
SHAPES = ROOT / "ontology" / "shapes.ttl"


def hand_resolution(extraction: Extraction, citing_date: str = "2021-10-01") -> FileResolution:
    """A minimal stand-in for the resolver: symbols scoped by their date, term or the citing date; the rest unresolved."""
    sha = extraction.sha256
    own = Document(key=f"file/{sha}", kind="document", level="central", type="TB")
    cited: dict[str, Document] = {}
    keys: list[str] = []
    for i, r in enumerate(extraction.references):
        if r.kind == "symbol" and r.issuer_code and r.number is not None and r.type:
            scope = r.term or term_of(r.date) or term_of(citing_date)
            ident = Identity("dang", r.issuer_code, scope, r.type, r.number)
            doc = Document(key=ident.path, kind="document", level="central", identity=ident, symbol=r.symbol,
                           type=r.type, number=r.number, issuer_code=r.issuer_code, term=scope)
        elif r.kind == "charter":
            doc = Document(key="charter", kind="charter", level="central")
        else:
            doc = Document(key=f"ref/{sha}/{i}", kind="unresolved", level="unresolved", title=r.text)
        cited.setdefault(doc.key, doc)
        keys.append(doc.key)
    citations: dict[str, Citation] = {}
    for i, r in enumerate(extraction.references):
        c = citations.setdefault(keys[i], Citation(
            source=extraction.source, citing=own.key, cited=keys[i], relation=r.relation, cue=r.cue,
            planned=r.planned, method="symbol+date" if r.date else "unresolved" if keys[i].startswith("ref/") else "citing-date",
            confidence=0.9))
        c.references.append(i)
    links = [Citation(source=extraction.source, citing=keys[link.source], cited=keys[link.target],
                      relation=link.relation, cue=link.cue, planned=False, method="symbol+date", confidence=0.9,
                      references=[link.source, link.target], stated_in=own.key)
             for link in extraction.links]
    return FileResolution(extraction=extraction, document=own, cited=list(cited.values()),
                          citations=list(citations.values()) + links)


@pytest.fixture(scope="module")
def extraction_003() -> Extraction:
    return extract_file(DOC_003)


@pytest.fixture(scope="module")
def graph_003(extraction_003: Extraction) -> Graph:
    return graph_for_file(hand_resolution(extraction_003))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g


# ---------------------------------------------------------------- IRIs

def test_iri_path_keeps_vietnamese_letters_and_encodes_what_an_iri_cannot_hold():
    assert iri_path("dang/ĐUK@thua-thien-hue/VI/KL/158") == "dang/ĐUK@thua-thien-hue/VI/KL/158"
    assert iri_path("dang/TW/XIII/QĐi/8") == "dang/TW/XIII/QĐi/8"
    assert iri_path("a b/c%d/e?f#g/<h>") == "a%20b/c%25d/e%3Ff%23g/%3Ch%3E"
    assert iri_path("x/../y") == "x/%2E%2E/y"
    # NFD input gives the same IRI as NFC
    assert iri_path("dang/TW/XIII/Q\u0110i/8") == iri_path("dang/TW/XIII/QĐi/8")


def test_document_iris_follow_the_scheme_under_a_configurable_base():
    iris = Iris("https://example.org/kg")
    assert iris.document("dang/TW/XIII/NQ/18") == URIRef("https://example.org/kg/eli/dang/TW/XIII/NQ/18")
    assert iris.document("ref/abc/3") == URIRef("https://example.org/kg/ref/abc/3")
    assert iris.file("ab" * 32) == URIRef("https://example.org/kg/file/" + "ab" * 32)
    assert iris.org("Ban Tổ chức Trung ương") == URIRef("https://example.org/kg/org/ban-to-chuc-trung-uong")
    assert iris.annotation("abc", 4) == URIRef("https://example.org/kg/annotation/abc/4")
    assert iris.sentence("abc", 2) == URIRef("https://example.org/kg/sentence/abc/2")
    assert slug("Đảng ủy Khối") == "dang-uy-khoi" and slug("Bà Rịa – Vũng Tàu") == "ba-ria-vung-tau" and slug("—") == ""
    assert str(iris.org("政治局")).startswith("https://example.org/kg/org/x")  # no ASCII word: a short hash
    with pytest.raises(ValueError):
        Iris("no-scheme")


# ---------------------------------------------------------------- edges

def test_planned_amendment_gets_eli_cites_only():
    assert edge_properties("amends", planned=True) == (ELI.cites,)
    assert ELI.amends in edge_properties("amends") and ELI.cites in edge_properties("amends")


def test_edge_properties_are_the_ontology_closure_plus_eli_cites(ontology: Graph):
    for relation, props in EDGE_PROPERTIES.items():
        typed = props[0]
        closure = {typed, *ontology.transitive_objects(typed, RDFS.subPropertyOf)} | {ELI.cites}
        assert set(props) == closure, relation
        assert props[-1] == ELI.cites


def test_a_planned_amendment_in_a_file_yields_no_amends_edge(extraction_003: Extraction):
    res = hand_resolution(extraction_003)
    target = res.citations[0].cited
    res.citations[0] = Citation(source=res.citations[0].source, citing=res.document.key, cited=target,
                                relation="amends", cue="sửa đổi, bổ sung", planned=True, method="symbol+date",
                                confidence=1.0, references=list(res.citations[0].references))
    g = graph_for_file(res)
    iris = Iris()
    own, cited = iris.document(res.document.key), iris.document(target)
    assert (own, ELI.cites, cited) in g
    assert (own, ELI.amends, cited) not in g and (own, ELI.changes, cited) not in g
    node = iris.citation(extraction_003.sha256, 0)
    assert (node, PK.planned, Literal(True)) in g


# ---------------------------------------------------------------- one file's graph

def test_no_blank_nodes_and_every_node_under_the_base_or_a_vocabulary(graph_003: Graph):
    for triple in graph_003:
        assert not any(isinstance(t, BNode) for t in triple)
    subjects = {s for s in graph_003.subjects()}
    assert all(str(s).startswith(DEFAULT_BASE) for s in subjects)


def test_the_two_01_hd_tw_of_003_are_two_nodes(graph_003: Graph):
    hd = {s for s, o in graph_003.subject_objects(PK.symbol) if str(o) == "01-HD/TW"}
    assert len(hd) == 2, hd


def test_each_mention_is_an_annotation_whose_offsets_select_the_quote(graph_003: Graph, extraction_003: Extraction):
    original = read_file(DOC_003).text
    annotations = set(graph_003.subjects(RDF.type, OA.Annotation))
    assert len(annotations) == len(extraction_003.references)
    for ann in annotations:
        quote, start = str(graph_003.value(ann, PK.quote)), int(graph_003.value(ann, PK.start))
        assert original[start:start + len(quote)] == quote
        sentence = graph_003.value(ann, OA.hasTarget)
        assert (sentence, RDF.type, PK.Sentence) in graph_003
        assert " ".join(quote.split()) in str(graph_003.value(sentence, PK.sentence))


def test_mentions_in_one_sentence_share_its_node(graph_003: Graph, extraction_003: Extraction):
    """A sentence is stated once for the mentions it holds, with its file and footnote."""
    by_sentence = Counter(ref.sentence for ref in extraction_003.references)
    shared = [s for s, n in by_sentence.items() if n > 1]
    assert shared, "003 has sentences with several mentions"
    nodes = {s: set(graph_003.subjects(PK.sentence, Literal(s, lang="vi"))) for s in shared}
    assert all(len(n) == 1 for n in nodes.values()), nodes
    for (node,) in nodes.values():
        assert len(set(graph_003.subjects(OA.hasTarget, node))) > 1
        assert graph_003.value(node, OA.hasSource) == Iris().file(extraction_003.sha256)
        assert graph_003.value(node, PK.inFootnote) is not None


def test_links_between_cited_documents_become_edges_with_their_evidence(graph_003: Graph, extraction_003: Extraction):
    iris = Iris()
    qd24, qd29 = iris.document("dang/TW/XIII/QĐ/24"), iris.document("dang/TW/XII/QĐ/29")
    assert (qd24, PK.inherits, qd29) in graph_003 and (qd24, ELI.cites, qd29) in graph_003
    node = next(c for c in graph_003.subjects(PK.statedIn, None)
                if graph_003.value(c, CITO.hasCitingEntity) == qd24 and graph_003.value(c, CITO.hasCitedEntity) == qd29)
    assert set(graph_003.subjects(OA.hasBody, node)), "a link carries the annotations of its mentions"


def test_copy_is_its_own_resource_linked_to_the_original(graph_003: Graph):
    copies = set(graph_003.subjects(RDF.type, PK.Copy))
    assert len(copies) == 1
    copy = copies.pop()
    assert graph_003.value(copy, ELI.is_another_publication_of) is not None
    assert str(graph_003.value(copy, PK.symbol)) == "336-BS/VPTU"
    assert not set(graph_003.subjects(ELI.cites, copy))
    # the copying body made it available (eli:publisher_agent); it did not pass the document (eli:passed_by)
    assert graph_003.value(copy, ELI.publisher_agent) is not None and graph_003.value(copy, ELI.passed_by) is None


def test_each_citation_is_characterised_by_its_direct_edge_property(graph_003: Graph):
    from kg.graph.build import EDGE_PROPERTIES

    citations = set(graph_003.subjects(RDF.type, CITO.Citation))
    assert citations
    typed = {props[0] for props in EDGE_PROPERTIES.values()}
    for c in citations:
        (kind,) = graph_003.objects(c, CITO.hasCitationCharacterization)
        assert kind in typed
        citing, cited = graph_003.value(c, CITO.hasCitingEntity), graph_003.value(c, CITO.hasCitedEntity)
        assert (citing, kind, cited) in graph_003


def test_implements_and_replaces_edges_carry_their_eli_parents(graph_003: Graph):
    for s, o in graph_003.subject_objects(PK.implements):
        assert (s, ELI.ensures_implementation_of, o) in graph_003
    from kg.graph.build import edge_properties

    assert ELI.repeals in edge_properties("replaces")  # the corpus has no replacement to look at
    assert not list(graph_003.triples((None, URIRef("http://data.europa.eu/eli/ontology#id_local"), None)))


def test_every_class_and_property_used_is_declared_in_the_ontology(graph_003: Graph, ontology: Graph):
    undeclared = set()
    for s, p, o in graph_003:
        if p != RDF.type and not any(ontology.triples((p, RDF.type, None))):
            undeclared.add(p)
        if p == RDF.type and not any(ontology.triples((o, RDF.type, OWL.Class))):
            undeclared.add(o)
        if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/party-kg/ontology/"):
            assert any(ontology.triples((o, RDF.type, None))), f"concept {o} is not in the ontology"
    assert not undeclared


def test_graph_validates_against_the_shapes(graph_003: Graph, ontology: Graph):
    pyshacl = pytest.importorskip("pyshacl")
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, text = pyshacl.validate(graph_003 + ontology, shacl_graph=shapes,
                                         allow_warnings=True, advanced=True)
    assert conforms, text
