"""The store layer without HTTP: result round trips, loading, safety checks, named queries."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from lod_test_backends import CITIES, EXTRA, EXTRA_GRAPH, fixture_spec

from lod.errors import LodError, QueryTimeout, ResultTooLarge
from lod.store import EmbeddedStore, LoadSpec, QuerySyntaxError, ServiceRefused
from lod.store.base import QueryAborted
from lod.store.embedded import VERSION_FILE
from lod.store.formats import GRAPH_FORMATS, SOLUTION_FORMATS, find_format, rdf_format_for_path
from lod.store.isolated import IsolatedStore
from lod.store.loading import parse_graph_option
from lod.store.publish import FileBody, as_sent
from lod.store.queries import list_named_queries, parse_header
from lod.store.remote import _virtuoso_error, names_its_dataset, parse_answer
from lod.store.safety import check_services, has_operation, is_update, service_endpoints

ODD_TERMS = """SELECT ?iri ?bnode ?plain ?lang ?typed ?dir ?triple ?unbound WHERE {
  BIND(<http://example.org/ü?x=1#f> AS ?iri) BIND(BNODE("b") AS ?bnode)
  BIND("tab\\there\\nnewline \\"quoted\\" \\\\ back" AS ?plain) BIND("Stadt"@de-DE AS ?lang)
  BIND("1961"^^<http://www.w3.org/2001/XMLSchema#gYear> AS ?typed)
  BIND(STRLANGDIR("مرحبا", "ar", "rtl") AS ?dir)
  BIND(<<( <http://example.org/a> <http://example.org/b> "c"@en )>> AS ?triple)
}"""


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    return EmbeddedStore.load(fixture_spec())


@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=lambda f: f.name)
def test_solutions_round_trip_through_every_format(embedded: EmbeddedStore, fmt: object) -> None:
    """Our serialisation equals pyoxigraph's own on the same solutions, odd terms included."""
    ours = embedded.query(ODD_TERMS).serialize(fmt)  # type: ignore[arg-type]
    theirs = embedded.pyoxigraph_store.query(ODD_TERMS).serialize(format=fmt.results)  # type: ignore[attr-defined]
    if fmt.name in ("json", "xml"):  # type: ignore[attr-defined]
        parsed = [tuple(s) for s in ox.parse_query_results(ours, format=fmt.results)]  # type: ignore[attr-defined]
        expected = [tuple(s) for s in ox.parse_query_results(theirs, format=fmt.results)]  # type: ignore[attr-defined]
        assert [t[2:] for t in parsed] == [t[2:] for t in expected]  # all but IRI/bnode order
        assert parsed[0][0] == expected[0][0]
    else:
        ours_lines, theirs_lines = ours.splitlines(), theirs.splitlines()
        assert ours_lines[0] == theirs_lines[0]
        # the fresh blank node differs between two evaluations; everything else is equal
        assert ours_lines[1].split(b"_:")[0] == theirs_lines[1].split(b"_:")[0]


def test_empty_and_zero_variable_results(embedded: EmbeddedStore) -> None:
    one_empty_row = embedded.query("SELECT * WHERE {}")
    assert one_empty_row.variables == () and one_empty_row.rows == [()]
    json_doc = one_empty_row.serialize(SOLUTION_FORMATS[0])
    assert json_doc == b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
    none = embedded.query("SELECT ?x WHERE { FILTER(false) }")
    assert none.rows == [] and none.serialize(SOLUTION_FORMATS[0]).endswith(b'"bindings":[]}}')


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_graph_round_trip(embedded: EmbeddedStore, fmt: object) -> None:
    result = embedded.query("CONSTRUCT WHERE { ?s ?p ?o }")
    body = result.serialize(fmt, {"tw": "https://w3id.org/twinning/ontology/"})  # type: ignore[arg-type]
    back = ox.Dataset(ox.parse(body, format=fmt.rdf))  # type: ignore[attr-defined]
    expected = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in result.triples)
    back.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    expected.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert set(back) == set(expected)


def test_result_limit_counts_rows_and_triples(embedded: EmbeddedStore) -> None:
    assert embedded.query("SELECT * WHERE { ?s ?p ?o }", max_results=25).size == 25
    with pytest.raises(ResultTooLarge, match="more than 24 rows"):
        embedded.query("SELECT * WHERE { ?s ?p ?o }", max_results=24)
    with pytest.raises(ResultTooLarge, match="more than 3 triples"):
        embedded.query("CONSTRUCT WHERE { ?s ?p ?o }", max_results=3)


def test_syntax_error_keeps_the_parsers_position(embedded: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError, match=r"^error at 1:11"):
        embedded.query("SELECT * {")


def test_unknown_functions_are_evaluation_errors(embedded: EmbeddedStore) -> None:
    """Each function the engine does not know is unbound; the known ones still work."""
    query = (
        "SELECT (<urn:x:f>(1) AS ?a) (<urn:x:g>(<urn:x:f>(2)) AS ?b) (STR(1) AS ?c) "
        "(COALESCE(<urn:x:h>(), 3) AS ?d) {}"
    )
    assert embedded.query(query).rows == [(None, None, ox.Literal("1"), ox.Literal(
        "3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))]  # fmt: skip
    with pytest.raises(QuerySyntaxError):  # a syntax error is still one
        embedded.query("SELECT (<urn:x:f>(1 AS ?a) {}")


def test_triple_counts_and_graphs(embedded: EmbeddedStore) -> None:
    assert embedded.triple_count() == 25
    assert embedded.triple_count(EXTRA_GRAPH) == 2
    assert embedded.graph_names() == [EXTRA_GRAPH]


def test_persistent_store_is_reused_while_the_version_holds(tmp_path: Path) -> None:
    spec = fixture_spec()
    first = EmbeddedStore.load(spec, tmp_path / "store")
    assert first.version == spec.version and first.triple_count() == 25
    del first
    assert (tmp_path / "store" / VERSION_FILE).read_text() == spec.version
    reopened = EmbeddedStore.open_read_only(tmp_path / "store")
    assert reopened.version == spec.version and reopened.triple_count() == 25
    del reopened
    only_cities = LoadSpec.from_files((CITIES,))
    replaced = EmbeddedStore.load(only_cities, tmp_path / "store")
    assert replaced.version == only_cities.version != spec.version
    assert replaced.graph_names() == []


def test_load_spec_from_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_bytes(CITIES.read_bytes())
    (tmp_path / "manifest.json").write_text(
        '{"version": "v1", "store_files": ["a.ttl", {"path": "a.ttl"}]}'
    )
    spec = LoadSpec.from_manifest(tmp_path)
    assert spec.version == "v1" and [s.path.name for s in spec.sources] == ["a.ttl", "a.ttl"]
    with pytest.raises(LodError, match="run `lod build` first"):
        LoadSpec.from_manifest(tmp_path / "missing")


def test_publication_built_for_another_base_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_bytes(CITIES.read_bytes())
    (tmp_path / "manifest.json").write_text(
        '{"version": "v1", "base_iri": "https://data.example.org/", "store_files": ["a.ttl"]}'
    )
    assert LoadSpec.from_manifest(tmp_path, "https://data.example.org/").version == "v1"
    with pytest.raises(LodError, match="LOD_BASE_IRI=https://data.example.org/"):
        LoadSpec.from_manifest(tmp_path, "https://w3id.org/twinning/")


def test_graph_option_and_syntax_guessing() -> None:
    assert parse_graph_option("https://e.org/g?a=b=x.ttl") == ("https://e.org/g?a=b", Path("x.ttl"))
    with pytest.raises(ValueError, match="IRI=FILE"):
        parse_graph_option("x.ttl")
    assert rdf_format_for_path("x.owl") == ox.RdfFormat.RDF_XML
    assert rdf_format_for_path(str(EXTRA)) == ox.RdfFormat.N_TRIPLES
    with pytest.raises(ValueError, match="extension"):
        rdf_format_for_path("x.csv")
    assert find_format("application/ld+json", "graph") is not None
    assert find_format("json", "graph") == find_format("jsonld", "graph")
    assert find_format("ttl", "solutions") is None


def test_isolated_store_cuts_off_a_runaway_query_and_recovers() -> None:
    store = IsolatedStore(fixture_spec(), workers=1)
    try:
        product = (
            "SELECT (COUNT(*) AS ?n) WHERE { "
            + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8))
            + " }"
        )
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="within 1 s"):
            store.query(product, timeout=1.0)
        assert time.monotonic() - started < 2.0
        # the only worker was killed; its successor answers (waiting for it to start)
        assert store.query("ASK { ?s ?p ?o }", timeout=30).boolean is True
    finally:
        store.close()


def test_isolated_store_worker_memory_limit() -> None:
    """A query that sorts a huge join dies alone at the worker's memory limit."""
    store = IsolatedStore(fixture_spec(), workers=1, memory_limit=384 * 2**20)
    try:
        sort = "SELECT * WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(6))
        with pytest.raises(QueryAborted, match="384 MB"):
            store.query(sort + " } ORDER BY ?o0 ?o1", timeout=30)
        assert store.query("ASK { ?s ?p ?o }", timeout=30).boolean is True
    finally:
        store.close()


def test_isolated_store_reload_and_same_blank_nodes_from_every_worker() -> None:
    store = IsolatedStore(LoadSpec.from_files((EXTRA,)), workers=2)
    try:
        assert store.triple_count() == 2
        store.reload(fixture_spec())
        assert store.triple_count() == 25 and store.graph_names() == [EXTRA_GRAPH]
        query = "SELECT ?b WHERE { ?r <http://purl.org/dc/terms/source> ?b }"
        labels = {store.query(query).rows[0][0] for _ in range(6)}
        assert len(labels) == 1
    finally:
        store.close()


# -- safety -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "endpoints"),
    [
        ("SELECT * { ?s ?p ?o }", []),
        ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
        ("PREFIX e: <http://e.example/> SELECT * { OPTIONAL { SERVICE SILENT e:q {} } }",
         ["http://e.example/q"]),
        ("BASE <http://b.example/> SELECT * { FILTER EXISTS { SERVICE <s> {} } }",
         ["http://b.example/s"]),
        ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", [None]),
    ],
)  # fmt: skip
def test_service_endpoints(query: str, endpoints: list[str | None]) -> None:
    assert service_endpoints(query) == endpoints


def test_check_services() -> None:
    allowed = ("http://a.example/sparql",)
    check_services("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", allowed)
    check_services('SELECT * { ?s <http://e.example/p> "service" }', ())  # not a SERVICE
    with pytest.raises(ServiceRefused, match="http://b.example/sparql"):
        check_services("SELECT * { SERVICE <http://b.example/sparql> { ?s ?p ?o } }", allowed)
    with pytest.raises(ServiceRefused, match="variable"):
        check_services("SELECT * { SERVICE ?x { ?s ?p ?o } }", allowed)
    escaped = "SELECT * { \\u0053ERVICE <http://b.example/sparql> { ?s ?p ?o } }"
    with pytest.raises(ServiceRefused):  # \\u escapes are undone before parsing
        check_services(escaped, allowed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", True),
        ("PREFIX x: <urn:x:>\n# comment\ndelete where { ?s ?p ?o }", True),
        ("LOAD <http://example.org/x.ttl>", True),
        ("SELECT * WHERE { ?s ?p ?o ", False),
        ("SELECT * WHERE {\n add:x ?p ?o }", False),
        ("# nothing", False),  # an empty update request: grammatical, but no update
        ("PREFIX x: <urn:x:#>\n# comment", False),
    ],
)
def test_is_update(text: str, expected: bool) -> None:
    assert is_update(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", False),
        ("# nothing\n  # more", False),
        ("BASE <http://e.org/> PREFIX x: <urn:x:#> # a prologue only", False),
        ("# a comment first\nASK {}", True),
        ("SELECT * {", True),  # broken, but it has an operation: a syntax error, not empty
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", True),
    ],
)
def test_has_operation(text: str, expected: bool) -> None:
    assert has_operation(text) is expected


# -- named queries ----------------------------------------------------------------------------


def test_indented_continuation_may_contain_a_colon() -> None:
    text = "# description@en: Links through\n#   owl:sameAs to https://www.wikidata.org/.\nASK {}"
    assert parse_header(text)["description"] == {
        "en": "Links through owl:sameAs to https://www.wikidata.org/."
    }


def test_parse_header_variants() -> None:
    text = (
        "#+ title@en: Partner cities\n"
        "# title (de): Partnerstädte\n"
        "# description_en: All partner cities,\n"
        "#   with the year.\n"
        "# description[de]: Alle Partnerstädte.\n"
        "# endpoint: ignored\n"
        "#   still ignored\n"
        "PREFIX x: <urn:x:>\n"
        "# title@en: not the header any more\n"
        "SELECT * {}\n"
    )
    header = parse_header(text)
    assert header["title"] == {"en": "Partner cities", "de": "Partnerstädte"}
    assert header["description"] == {"en": "All partner cities, with the year.",
                                     "de": "Alle Partnerstädte."}  # fmt: skip


def test_named_queries_fall_back_between_languages(tmp_path: Path) -> None:
    (tmp_path / "b.rq").write_text("# title: Only one\nASK {}\n", encoding="utf-8")
    (tmp_path / "a.rq").write_text("# title@en: English only\nASK {}\n", encoding="utf-8")
    (tmp_path / "c.rq").write_text("ASK {}\n", encoding="utf-8")
    queries = list_named_queries(tmp_path)
    assert [q.name for q in queries] == ["a", "b", "c"]
    assert [q.title("de") for q in queries] == ["English only", "Only one", "c"]
    assert list_named_queries(tmp_path / "missing") == []


# -- Virtuoso's ways, without a Virtuoso ------------------------------------------------------

VIRTUOSO_JSON = b"""{ "head": { "link": [], "vars": ["s", "o"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "bnode", "value": "nodeID://b10000" }	,
      "o": { "type": "literal", "value": "type: bnode, nodeID://x" }} ] } }"""
VIRTUOSO_ASK = b"""{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "__ASK_RETVAL": { "type": "typed-literal",
      "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1" }} ] } }"""


def test_virtuoso_answers_are_read() -> None:
    rows = parse_answer(VIRTUOSO_JSON, "application/sparql-results+json").rows
    assert rows == [(ox.BlankNode("b10000"), ox.Literal("type: bnode, nodeID://x"))]
    xml = b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/>'
    xml += b'</head><results><result><binding name="s"><bnode>nodeID://b1</bnode></binding>'
    xml += b"</result></results></sparql>"
    assert parse_answer(xml, "application/sparql-results+xml").rows == [(ox.BlankNode("b1"),)]
    ask = parse_answer(VIRTUOSO_ASK, "application/sparql-results+json")
    assert ask.kind == "boolean" and ask.boolean is True
    no = VIRTUOSO_ASK.replace(b'"value": "1"', b'"value": "0"')
    assert parse_answer(no, "application/sparql-results+json").boolean is False


@pytest.mark.parametrize(
    ("detail", "error"),
    [
        ("Virtuoso 37000 Error SP030: SPARQL compiler, line 2: syntax error", QuerySyntaxError),
        ("Virtuoso 42001 Error SR185: Undefined procedure DB.DBA.http://x/f.", QuerySyntaxError),
        ("Virtuoso S1T00 Error SR171: Transaction timed out", QueryTimeout),
        ("Virtuoso 08C01 Error CL: Cluster: no connection", None),
        ("Internal Server Error", None),
    ],
)
def test_virtuoso_errors_are_mapped(detail: str, error: type[Exception] | None) -> None:
    found = _virtuoso_error(detail)
    assert (type(found) if found else None) is error


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("SELECT * FROM <urn:g> { ?s ?p ?o }", True),
        ("select * from named <urn:g> {}", True),
        ("SELECT*FROM<urn:g>{}", True),
        ('SELECT * { ?s ?p "from" }', False),
        ('SELECT * { ?s ?p """x\nFROM y""" }', False),
        ("# FROM\nSELECT * {}", False),
        ("SELECT * { <http://x/FROM> ?p ?o }", False),
        ("SELECT ?from $from { ?s ex:from ?o ; from:x ?y }", False),
    ],
)
def test_names_its_dataset(query: str, names: bool) -> None:
    assert names_its_dataset(query) is names


def test_file_body_is_read_afresh_each_time(tmp_path: Path) -> None:
    path = tmp_path / "x.nt"
    path.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n" * 10_000)
    body = FileBody(path, chunk_size=1000)
    assert b"".join(body) == b"".join(body) == path.read_bytes()  # a Digest retry sends it all


def test_turtle_is_sent_as_ntriples(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a\\#b ex:p ex:c .\n")
    sent = as_sent(path, tmp_path)
    assert (
        sent.read_text()
        == "<http://example.org/a#b> <http://example.org/p> <http://example.org/c> .\n"
    )
    assert as_sent(EXTRA, tmp_path) == EXTRA
