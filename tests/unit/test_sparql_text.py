"""What lod reads from a SPARQL text before an engine sees it: strings, IRIs and comments are
skipped, so only real SERVICE calls and real operations count, whatever syntax the engine takes."""

from __future__ import annotations

import pytest

from lod.errors import BadRequest
from lod.store.base import ServiceRefused, UpdateRefused
from lod.store.safety import check_query
from lod.store.sparql_text import read_query_text

WIKIDATA = "https://query.wikidata.org/sparql"


@pytest.mark.parametrize(
    ("text", "services"),
    [
        ('SELECT * { ?s ?p "service <http://evil.example/>" }', []),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://evil.example/> {}", []),
        ("SELECT * { ?s <http://x/service> ?o . ?s ex:service ?o }", []),
        (f"SELECT * {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}", [WIKIDATA]),
        (f"SELECT * {{ service silent <{WIKIDATA}> {{ }} }}", [WIKIDATA]),
        ("PREFIX wd: <https://query.wikidata.org/> SELECT * { SERVICE wd:sparql {} }", [WIKIDATA]),
        ("SELECT * { SERVICE ?where {} }", [None]),
        ("BASE <http://b.example/> SELECT * { SERVICE <s> {} }", ["http://b.example/s"]),
        ("SELECT * { SERV\\u0049CE <http://e.example/> {} }", ["http://e.example/"]),
        # SPARQL 1.2 forms the engine takes (rdflib's 1.1 parser refused them).
        ('SELECT (isTRIPLE(<<( <a:b> <a:c> "service" )>>) AS ?t) WHERE { LATERAL { } }', []),
    ],
)
def test_service_calls_are_read_from_the_text(text: str, services: list[str | None]) -> None:
    assert read_query_text(text).services == services


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("# only a comment", None),
        ("PREFIX a: <http://a/> BASE <http://b/>", None),
        ("  ", None),
        ("select * {}", "query"),
        ("PREFIX a: <http://a/> ASK {}", "query"),
        ('SELECT * { ?s ?p "INSERT DATA" }', "query"),
        ("insert data { <a:b> <a:c> <a:d> }", "update"),
        ("# ASK {}\nDELETE WHERE { ?s ?p ?o }", "update"),
    ],
)
def test_the_operation_is_read_from_the_text(text: str, operation: str | None) -> None:
    assert read_query_text(text).operation == operation


def test_nesting_depth_counts_groups_brackets_and_sub_queries() -> None:
    assert read_query_text("ASK {}").depth == 1
    assert read_query_text('ASK { FILTER((1 + (2)) = 3) "{{{{" }').depth == 4
    nested = "SELECT * WHERE " + "{ SELECT * WHERE " * 300 + "{}" + "}" * 300
    assert read_query_text(nested).depth == 301


def test_check_query_names_the_limit_and_the_setting() -> None:
    deep = "ASK " + "{" * 101 + "}" * 101
    with pytest.raises(BadRequest, match="101 deep.*at most 100 .LOD_MAX_QUERY_DEPTH"):
        check_query(deep, (), 100, "read-only")
    with pytest.raises(BadRequest, match="empty query"):
        check_query("# nothing", (), 100, "read-only")
    with pytest.raises(UpdateRefused):
        check_query("CLEAR ALL", (), 100, "read-only")
    with pytest.raises(ServiceRefused, match="LOD_SERVICE_ALLOWLIST"):
        check_query(f"SELECT * {{ SERVICE <{WIKIDATA}> {{}} }}", (), 100, "read-only")
    allowed = check_query(f"SELECT * {{ SERVICE <{WIKIDATA}> {{}} }}", (WIKIDATA,), 100, "")
    assert allowed.services == [WIKIDATA]
