"""The publication's literals as written, though the store normalises them (lod.store.exact):
in memory, persistent, and from query worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lod_publication as pub
import pyoxigraph as ox
import pytest
from lod_publication import BASE

from lod.store import EmbeddedStore, LoadSpec, Store
from lod.store.exact import changed_triples, restorer
from lod.store.isolated import IsolatedStore

pub_dist = pub.pub_dist

XSD = "http://www.w3.org/2001/XMLSchema#"
DISTRIBUTION = ox.NamedNode(BASE + "id/distribution/osnabrueck-twinning-nt")
OSNABRUECK = ox.NamedNode(BASE + "id/city/osnabrueck")
BYTE_SIZE = ox.NamedNode("http://www.w3.org/ns/dcat#byteSize")
LONG = ox.NamedNode("http://www.w3.org/2003/01/geo/wgs84_pos#long")


@pytest.fixture(params=["memory", "persistent", "workers"])
def store(request: pytest.FixtureRequest, pub_dist: Path, tmp_path: Path) -> Iterator[Store]:
    spec = LoadSpec.from_manifest(pub_dist)
    if request.param == "workers":
        isolated = IsolatedStore(spec, workers=1)
        yield isolated
        isolated.close()
        return
    path = tmp_path / "store" if request.param == "persistent" else None
    embedded = EmbeddedStore.load(spec, path)
    yield embedded
    embedded.close()


def objects(store: Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> list[ox.Term]:
    query = f"CONSTRUCT {{ <{subject.value}> <{predicate.value}> ?o }} WHERE {{ "
    query += f"<{subject.value}> <{predicate.value}> ?o }}"
    return [t.object for t in store.query(query).triples]


def test_graph_answers_give_the_literals_as_written(store: Store) -> None:
    (size,) = objects(store, DISTRIBUTION, BYTE_SIZE)
    assert isinstance(size, ox.Literal)
    assert size.datatype == ox.NamedNode(XSD + "nonNegativeInteger")  # as DCAT-AP wants it
    assert objects(store, OSNABRUECK, LONG) == [
        ox.Literal("8.050", datatype=ox.NamedNode(XSD + "decimal"))  # as data/cities.ttl has it
    ]


def test_select_rows_keep_the_stores_terms(store: Store) -> None:
    rows = store.query(f"SELECT ?o WHERE {{ <{DISTRIBUTION.value}> <{BYTE_SIZE.value}> ?o }}").rows
    (size,) = [row[0] for row in rows]
    assert isinstance(size, ox.Literal)
    assert size.datatype == ox.NamedNode(XSD + "integer")


def test_without_the_list_the_store_gives_its_normal_form(pub_dist: Path) -> None:
    """The list is what makes the difference (so the tests above mean something)."""
    spec = LoadSpec.from_manifest(pub_dist)
    plain = EmbeddedStore.load(LoadSpec(spec.sources, spec.version))
    (size,) = objects(plain, DISTRIBUTION, BYTE_SIZE)
    assert isinstance(size, ox.Literal)
    assert size.datatype == ox.NamedNode(XSD + "integer")


def test_only_changed_triples_are_listed_and_ambiguous_ones_not_restored() -> None:
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    decimal = ox.NamedNode(XSD + "decimal")
    written = [
        ox.Triple(s, p, ox.Literal("1.50", datatype=decimal)),
        ox.Triple(s, p, ox.Literal("2.5", datatype=decimal)),  # canonical: not listed
        ox.Triple(s, p, ox.Literal("5", datatype=ox.NamedNode(XSD + "int"))),
        ox.Triple(s, p, ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))),  # also written
    ]
    assert changed_triples(written) == written[:1]
    twice = [written[0], ox.Triple(s, p, ox.Literal("1.500", datatype=decimal))]
    assert restorer(twice) == {}  # two written forms, one stored triple: left as stored
