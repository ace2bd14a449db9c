"""The publication's literals as written, though the store normalises them
(lod.store.literals): in memory, persistent, and from query worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lod_publication as pub
import pyoxigraph as ox
import pytest
from lod_publication import BASE

from lod.store import EmbeddedStore, LoadSpec, Store
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


def test_select_rows_give_the_literals_as_written(store: Store) -> None:
    rows = store.query(f"SELECT ?o WHERE {{ <{DISTRIBUTION.value}> <{BYTE_SIZE.value}> ?o }}").rows
    (size,) = [row[0] for row in rows]
    assert isinstance(size, ox.Literal)
    assert size.datatype == ox.NamedNode(XSD + "nonNegativeInteger")
