"""The reconciliation service at /reconcile, checked against the request and response shapes of
the Reconciliation Service API v0.2 (manifest; single and batch queries, GET and POST; result
candidates with id, name, type, score and match; preview), over the real publication."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from lod.config import Settings
from lod.store import EmbeddedStore, LoadSpec
from lod.web.app import create_app

CITY = "https://w3id.org/twinning/ontology/City"


@pytest.fixture(scope="module")
def client(built_dist: Path) -> Iterator[FlaskClient]:
    store = EmbeddedStore.load(LoadSpec.from_manifest(built_dist))
    settings = Settings().replace(dist_dir=built_dist)
    yield create_app({"TESTING": True}, settings=settings, store=store).test_client()
    store.close()


def batch(client: FlaskClient, queries: dict[str, Any], method: str = "post") -> dict[str, Any]:
    data = {"queries": json.dumps(queries)}
    response = (
        client.post("/reconcile", data=data)
        if method == "post"
        else client.get("/reconcile", query_string=data)
    )
    assert response.status_code == 200 and response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    return body


def top(body: dict[str, Any], key: str) -> tuple[str, float, bool] | None:
    results = body[key]["result"]
    return (results[0]["id"], results[0]["score"], results[0]["match"]) if results else None


def test_manifest(client: FlaskClient) -> None:
    manifest = client.get("/reconcile").get_json()
    assert "0.2" in manifest["versions"]
    assert isinstance(manifest["name"], str) and manifest["name"]
    assert manifest["identifierSpace"] == "https://w3id.org/twinning/id/city/"
    assert manifest["schemaSpace"] == "https://w3id.org/twinning/ontology/"
    assert manifest["defaultTypes"] == [{"id": CITY, "name": "City"}]
    assert manifest["view"]["url"] == "http://localhost/id/city/{{id}}"
    assert manifest["preview"]["url"].endswith("/reconcile/preview?id={{id}}")
    assert isinstance(manifest["preview"]["width"], int)


def test_candidate_shape(client: FlaskClient) -> None:
    body = batch(client, {"q0": {"query": "Haarlem", "type": CITY, "limit": 3}})
    assert list(body) == ["q0"]
    candidate = body["q0"]["result"][0]
    assert set(candidate) >= {"id", "name", "type", "score", "match"}
    assert candidate["id"] == "haarlem" and candidate["name"] == "Haarlem"
    assert candidate["type"] == [{"id": CITY, "name": "City"}]
    assert isinstance(candidate["score"], float) and candidate["match"] is True
    assert client.get("/id/city/" + candidate["id"]).status_code == 303  # the view URL works


def test_names_in_every_language_native_names_alt_labels_and_ids(client: FlaskClient) -> None:
    body = batch(
        client,
        {
            "de": {"query": "Twer"},
            "en": {"query": "Tver"},
            "native": {"query": "Тверь"},
            "korean": {"query": "광명시"},
            "alt": {"query": "Friedensstadt Osnabrück"},
            "accents": {"query": "canakkale"},
            "qid": {"query": "Q9920"},
            "entity": {"query": "http://www.wikidata.org/entity/Q2916"},
            "typo": {"query": "Haarlemm"},
            "nothing": {"query": "Timbuktu"},
        },
        method="get",
    )
    assert top(body, "de") == ("twer", 100.0, True)
    assert top(body, "en") == ("twer", 100.0, True)
    assert top(body, "native") == ("twer", 100.0, True)
    assert top(body, "korean") == ("gwangmyeong", 100.0, True)
    assert top(body, "alt") == ("osnabrueck", 100.0, True)
    assert top(body, "accents") == ("canakkale", 95.0, True)
    assert top(body, "qid") == ("haarlem", 100.0, True)
    assert top(body, "entity") == ("osnabrueck", 100.0, True)
    typo = top(body, "typo")
    assert typo is not None and typo[0] == "haarlem" and 50 <= typo[1] < 95 and not typo[2]
    assert body["nothing"]["result"] == []


def test_type_country_and_limit(client: FlaskClient) -> None:
    body = batch(
        client,
        {
            "other_type": {"query": "Haarlem", "type": "http://schema.org/Person"},
            "country_ok": {"query": "Derby", "properties": [{"pid": "P17", "v": "Q145"}]},
            "country_wrong": {
                "query": "Derby",
                "properties": [{"pid": "country", "v": {"id": "Q183"}}],
            },
            "limit": {"query": "a", "limit": 2},
        },
    )
    assert body["other_type"]["result"] == []
    assert top(body, "country_ok") == ("derby", 100.0, True)
    assert top(body, "country_wrong") == ("derby", 50.0, False)
    assert len(body["limit"]["result"]) <= 2


def test_single_query_and_jsonp(client: FlaskClient) -> None:
    plain = client.get("/reconcile", query_string={"query": "Hefei"}).get_json()
    assert plain["result"][0]["id"] == "hefei"
    as_json = client.get("/reconcile", query_string={"query": '{"query": "Angers"}'}).get_json()
    assert as_json["result"][0]["id"] == "angers"
    response = client.get("/reconcile", query_string={"callback": "cb"})
    assert response.mimetype == "application/javascript"
    assert response.get_data(as_text=True).startswith('cb({"versions"')


@pytest.mark.parametrize(
    "params",
    [
        {"queries": "{bad json"},
        {"queries": "[1, 2]"},
        {"queries": '{"q0": 5}'},
        {"queries": '{"q0": {"query": 5}}'},
        {"queries": '{"q0": {"query": "x", "limit": -1}}'},
        {"queries": '{"q0": {"query": "x", "properties": "P17"}}'},
        {"queries": json.dumps({"q0": {"query": "x" * 600}})},
        {"query": "{not json"},
        {"callback": "alert(1)//"},
    ],
)
def test_bad_input_is_a_400(client: FlaskClient, params: dict[str, str]) -> None:
    response = client.get("/reconcile", query_string=params, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["message"]


def test_preview(client: FlaskClient) -> None:
    response = client.get("/reconcile/preview", query_string={"id": "gwangmyeong"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Gwangmyeong" in page and "광명시" in page and "Q42066" in page
    assert client.get("/reconcile/preview", query_string={"id": "<x>"}).status_code == 404
