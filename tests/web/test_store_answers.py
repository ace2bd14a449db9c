"""Answers written by the engine (lod.store.answers): the bytes are pyoxigraph's own, the row
limit holds exactly in every format while writing, and a query worker stays small."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from lod_test_backends import fixture_spec

from lod.errors import ResultTooLarge
from lod.store import EmbeddedStore
from lod.store.answers import TERMS
from lod.store.formats import GRAPH_FORMATS, SOLUTION_FORMATS, Format, ResultKind
from lod.store.isolated import IsolatedStore

# Deterministic (no BNODE()): the store's answer and the engine's own writing must be equal.
TERMS_QUERY = """SELECT ?iri ?plain ?lang ?typed ?dir ?triple ?unbound ?n WHERE {
  BIND(<http://example.org/ü?x=1#f> AS ?iri)
  BIND("tab\\there\\nnewline \\"quoted\\" \\\\ back },{ <result>" AS ?plain)
  BIND("Stadt"@de-DE AS ?lang) BIND("1961"^^<http://www.w3.org/2001/XMLSchema#gYear> AS ?typed)
  BIND(STRLANGDIR("مرحبا", "ar", "rtl") AS ?dir)
  BIND(<<( <http://example.org/a> <http://example.org/b> "c"@en )>> AS ?triple) BIND(-01 AS ?n)
}"""
TW = "https://w3id.org/twinning/ontology/"
ROWS = 3000  # enough for the engine to write in many pieces


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    return EmbeddedStore.load(fixture_spec())


@pytest.fixture(scope="module")
def tricky() -> EmbeddedStore:
    """Rows whose literals hold what a row counter could take for a row's end, and empty rows
    (a subject whose optional value is missing)."""
    store = ox.Store()
    p, q = ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:q")
    store.extend(
        ox.Quad(ox.NamedNode(f"urn:x:s{i}"), p, ox.Literal(f'{i}}},{{\n[{{\r\n<result>"'))
        for i in range(ROWS)
    )
    store.extend(ox.Quad(ox.NamedNode(f"urn:x:e{i}"), q, ox.Literal("e")) for i in range(ROWS))
    return EmbeddedStore(store)


def answer_body(store: EmbeddedStore, query: str, fmt: Format, **kwargs: Any) -> bytes:
    kind: ResultKind = "graph" if fmt in GRAPH_FORMATS else "solutions"
    answer = store.answer(query, choices={kind: fmt.name}, **kwargs)
    assert answer.kind == kind and answer.format_name == fmt.name and answer.body is not None
    return answer.body


@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=lambda f: f.name)
def test_solutions_are_the_engines_own_bytes(embedded: EmbeddedStore, fmt: Format) -> None:
    expected = embedded.pyoxigraph_store.query(TERMS_QUERY).serialize(format=fmt.results)
    assert answer_body(embedded, TERMS_QUERY, fmt) == expected
    assert answer_body(embedded, TERMS_QUERY, fmt, max_results=1, timeout=10) == expected


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_graphs_are_written_by_the_engine_with_the_prefixes_they_use(
    embedded: EmbeddedStore, fmt: Format
) -> None:
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    prefixes = {"tw": TW, "unused": "urn:unused:"}
    body = answer_body(embedded, query, fmt, prefixes=prefixes)
    expected = embedded.query(query).serialize(fmt, {"tw": TW})
    assert body == expected
    if fmt.name == "ttl":
        assert b"@prefix tw:" in body and b"unused" not in body


@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=lambda f: f.name)
def test_the_row_limit_is_exact_in_every_format(tricky: EmbeddedStore, fmt: Format) -> None:
    """JSON and CSV count an upper bound while writing (a literal may hold "},{" or a line
    break); past the limit the count is made exact, so a result at the limit still passes."""
    query = "SELECT ?s ?o WHERE { { ?s <urn:x:p> ?o } UNION { ?s <urn:x:q> [] } } ORDER BY ?s"
    full = tricky.pyoxigraph_store.query(query).serialize(format=fmt.results)
    assert answer_body(tricky, query, fmt, max_results=2 * ROWS) == full
    with pytest.raises(ResultTooLarge, match=f"more than {2 * ROWS - 1} rows"):
        answer_body(tricky, query, fmt, max_results=2 * ROWS - 1)
    empty_rows = "SELECT ?o WHERE { ?s <urn:x:q> [] OPTIONAL { ?s <urn:x:none> ?o } }"
    assert answer_body(tricky, empty_rows, fmt, max_results=ROWS)
    with pytest.raises(ResultTooLarge, match=f"more than {ROWS - 1} rows"):
        answer_body(tricky, empty_rows, fmt, max_results=ROWS - 1)


def test_the_triple_limit_and_ask(embedded: EmbeddedStore) -> None:
    ttl = GRAPH_FORMATS[0]
    assert answer_body(embedded, "CONSTRUCT WHERE { ?s ?p ?o }", ttl, max_results=25)
    with pytest.raises(ResultTooLarge, match="more than 24 triples"):
        answer_body(embedded, "CONSTRUCT WHERE { ?s ?p ?o }", ttl, max_results=24)
    json_format = SOLUTION_FORMATS[0]
    ask = embedded.answer("ASK { ?s ?p ?o }", choices={"boolean": json_format.name})
    assert ask.body == b'{"head":{},"boolean":true}'


def test_terms_for_the_page_and_nothing_for_a_kind_not_taken(embedded: EmbeddedStore) -> None:
    page = embedded.answer("SELECT * WHERE { ?s ?p ?o }", choices={"solutions": TERMS})
    assert page.body is None and page.result is not None and page.result.size == 25
    refused = embedded.answer("ASK {}", choices={"graph": "ttl"})
    assert refused.kind == "boolean" and refused.body is None and refused.result is None


def test_a_query_worker_holds_the_engine_not_the_web_stack() -> None:
    """Memory near the store's size: a worker imports neither rdflib nor Flask. The list is the
    worker's own ``sys.modules``, read after it answered each way the endpoint asks."""
    store = IsolatedStore(fixture_spec(), workers=1)
    try:
        store.answer("SELECT * WHERE { ?s ?p ?o }", choices={"solutions": "json"}, timeout=30)
        store.answer("CONSTRUCT WHERE { ?s ?p ?o }", choices={"graph": "ttl"},
                     prefixes={"tw": TW}, timeout=30)  # fmt: skip
        store.answer("SELECT * WHERE { ?s ?p ?o }", choices={"solutions": TERMS}, timeout=30)
        store.query("ASK { ?s ?p ?o }", timeout=30)
        loaded = {name.split(".")[0] for name in store.worker_modules()}
    finally:
        store.close()
    assert "pyoxigraph" in loaded
    assert not loaded & {"rdflib", "flask", "jinja2", "werkzeug", "SPARQLWrapper", "pyshacl"}


def test_the_lod_script_as_a_query_worker_imports_it_loads_no_web_stack() -> None:
    """multiprocessing runs the script that started the server again in every worker it starts
    (as ``__mp_main__``); the ``lod`` script must then import nothing heavy (see lod.__main__)."""
    script = Path(sys.executable).parent / "lod"
    if not script.exists():
        pytest.skip(f"the lod script is not installed beside {sys.executable}")
    probe = (
        "import runpy, sys; "
        f"runpy.run_path({str(script)!r}, run_name='__mp_main__'); "
        "print(' '.join(m for m in ('rdflib', 'flask', 'pyshacl', 'jinja2', 'click') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
