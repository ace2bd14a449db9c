"""Wikidata-shaped triples for a local ``oxigraph serve``: the bundled 2016 P190 crawl written
as WDQS writes statements (``wdt:P190`` plus ``p:P190``/``ps:P190`` statement nodes, labels),
and hand-made statements with P580/P582 qualifiers and precisions (``pq:`` and ``pqv:``).
"""

from __future__ import annotations

import csv
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PQ = "http://www.wikidata.org/prop/qualifier/"
PQV = "http://www.wikidata.org/prop/qualifier/value/"
WIKIBASE = "http://wikiba.se/ontology#"
STATEMENT = "http://www.wikidata.org/entity/statement/"
VALUE = "http://www.wikidata.org/value/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@dataclass(frozen=True)
class Qualifier:
    prop: str  # P580 or P582
    time: str  # 1961-10-24
    precision: int | None  # None: no pqv: value node (a mirror without precisions)


@dataclass(frozen=True)
class Claim:
    subject: str
    object: str
    qualifiers: tuple[Qualifier, ...] = ()
    rank: str = "NormalRank"
    truthy_only: bool = False  # only the wdt: triple, no statement node


def snapshot_pairs(dataset: Path) -> list[tuple[str, str]]:
    with open(dataset / "relations.tsv", encoding="utf-8") as handle:
        return sorted({(a, b) for a, b in csv.reader(handle, delimiter="\t")})


def snapshot_names(dataset: Path) -> dict[str, str]:
    with open(dataset / "names.tsv", encoding="utf-8") as handle:
        return {
            qid: name for qid, name in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def ntriples(claims: Iterable[Claim], names: dict[str, str]) -> Iterator[str]:
    """N-Triples lines; the crawl's names have no known language, so they are tagged "mul"."""
    for number, claim in enumerate(claims):
        yield from _claim(claim, f"{claim.subject}-{claim.object}-{number}")
    for qid, name in sorted(names.items()):
        yield f'<{WD}{qid}> <{LABEL}> "{_escape(name)}"@mul .'


def _claim(claim: Claim, key: str) -> Iterator[str]:
    subject, obj = f"<{WD}{claim.subject}>", f"<{WD}{claim.object}>"
    if claim.rank != "DeprecatedRank":
        yield f"{subject} <{WDT}P190> {obj} ."
    if claim.truthy_only:
        return
    node = f"<{STATEMENT}{key}>"
    yield f"{subject} <{P}P190> {node} ."
    yield f"{node} <{PS}P190> {obj} ."
    yield f"{node} <{WIKIBASE}rank> <{WIKIBASE}{claim.rank}> ."
    for index, qualifier in enumerate(claim.qualifiers):
        value = f'"{qualifier.time}T00:00:00Z"^^<{XSD_DATETIME}>'
        yield f"{node} <{PQ}{qualifier.prop}> {value} ."
        if qualifier.precision is not None:
            time_node = f"<{VALUE}{key}-{index}>"
            yield f"{node} <{PQV}{qualifier.prop}> {time_node} ."
            yield f"{time_node} <{WIKIBASE}timeValue> {value} ."
            precision = f'"{qualifier.precision}"^^<{XSD_INTEGER}>'
            yield f"{time_node} <{WIKIBASE}timePrecision> {precision} ."


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def load(store_url: str, lines: Iterable[str]) -> None:
    """POST the triples into the server's default graph (SPARQL 1.1 Graph Store Protocol)."""
    body = ("\n".join(lines) + "\n").encode("utf-8")
    request = urllib.request.Request(
        store_url + "?default",
        data=body,
        method="POST",
        headers={"Content-Type": "application/n-triples"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status in (200, 201, 204), response.status


# --- the hand-made cases around Osnabrück (Q2916) --------------------------------------------

HOME = "Q2916"
HAARLEM, ANGERS, DERBY, CANAKKALE, TWER = "Q9920", "Q38380", "Q43475", "Q199712", "Q2288"
GREIFSWALD, VILA_REAL, GMUEND, EVANSVILLE = "Q4098", "Q503856", "Q660580", "Q486459"
HEFEI, GWANGMYEONG, AFULA = "Q185684", "Q42066", "Q152462"
YEAR, MONTH, DAY = 9, 10, 11


def start(time: str, precision: int | None) -> Qualifier:
    return Qualifier("P580", time, precision)


def end(time: str, precision: int | None) -> Qualifier:
    return Qualifier("P582", time, precision)


CASES: dict[tuple[str, str], list[Claim]] = {
    # both: a year on Osnabrück's item (less precise, no contradiction), the day on Haarlem's
    (HOME, HAARLEM): [Claim(HOME, HAARLEM, (start("1961-01-01", YEAR),))],
    (HAARLEM, HOME): [Claim(HAARLEM, HOME, (start("1961-10-24", DAY),))],
    # differs: the year contradicts the publication's 3 September 1964
    (HOME, ANGERS): [Claim(HOME, ANGERS, (start("1965-01-01", YEAR),))],
    # both: Derby's item has two statements, an old ended one and the current one
    (DERBY, HOME): [
        Claim(DERBY, HOME, (start("1950-01-01", YEAR), end("1960-01-01", YEAR))),
        Claim(DERBY, HOME, (start("1976-02-17", DAY),)),
    ],
    # both: a month without a stated precision (inferred from the zeros)
    (HOME, CANAKKALE): [Claim(HOME, CANAKKALE, (start("2004-05-01", None),))],
    # only-here on neither item: both statements removed
    (HOME, GREIFSWALD): [],
    (GREIFSWALD, HOME): [],
    # differs: the day contradicts the publication's 28 August 1971 (one item only)
    (HOME, GMUEND): [Claim(HOME, GMUEND, (start("1971-08-29", DAY),))],
    # both: a deprecated statement beside the normal one is ignored
    (HEFEI, HOME): [
        Claim(HEFEI, HOME),
        Claim(HEFEI, HOME, (start("1900-01-01", YEAR),), rank="DeprecatedRank"),
    ],
    # both: the reverse side only as a truthy wdt: triple (no statement node)
    (VILA_REAL, HOME): [Claim(VILA_REAL, HOME, truthy_only=True)],
    # both: the missing reverse side added, with the day
    (GWANGMYEONG, HOME): [Claim(GWANGMYEONG, HOME, (start("1997-09-26", DAY),))],
}


def with_cases(pairs: list[tuple[str, str]]) -> list[Claim]:
    """The snapshot's pairs as qualifier-less claims, the hand-made cases replacing theirs."""
    claims = [Claim(a, b) for a, b in pairs if (a, b) not in CASES]
    claims += [claim for found in CASES.values() for claim in found]
    return claims
