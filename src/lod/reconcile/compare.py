"""The comparison: one row per partner, from the publication's relations and Wikidata's P190.

Statuses (issue 9):

- ``both``: the statement is on both items and nothing in it contradicts the publication;
- ``only-here``: the publication has the relation and Wikidata lacks it on one item or on both
  (``wikidata.items`` says which item carries it, ``missing_on`` which does not);
- ``only-wikidata``: a P190 the publication does not have, a candidate for a person to check,
  never a fact;
- ``differs``: a start or end date contradicts the publication's at the coarser of the two
  precisions, or the publication says the relation ended (or is dormant) and no statement says
  it ended, or Wikidata ends a relation the publication holds to be going on.

A less precise date on one side is no contradiction; it is reported in ``notes``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from lod.reconcile.dates import Date
from lod.reconcile.here import HereRelation
from lod.reconcile.wikidata import Statement

STATUSES = ("both", "only-here", "only-wikidata", "differs")


@dataclass
class Row:
    """One partner of the home city, as the report lists it."""

    home: str  # QID of the home city
    partner: str | None  # QID (None: the publication knows no Wikidata item for the partner)
    label: str
    status: str
    here: HereRelation | None
    statements: list[Statement]
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_on: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[str]:
        """The items that carry a P190 statement for this pair (home item first)."""
        return sorted({s.subject for s in self.statements}, key=lambda q: q != self.home)


def compare(home: str, relations: list[HereRelation], statements: list[Statement]) -> list[Row]:
    """One row per partner in the publication, then one per Wikidata-only partner."""
    by_partner = _group(home, statements)
    rows = [
        _here_row(home, rel, by_partner.pop(rel.item, []) if rel.item else []) for rel in relations
    ]
    for partner, found in sorted(by_partner.items()):
        rows.append(Row(home, partner, partner, "only-wikidata", None, found))
    return rows


def _group(home: str, statements: Iterable[Statement]) -> dict[str, list[Statement]]:
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        if statement.subject == home:
            grouped[statement.target].append(statement)
        elif statement.target == home:
            grouped[statement.subject].append(statement)
    return grouped


def _here_row(home: str, relation: HereRelation, statements: list[Statement]) -> Row:
    row = Row(home, relation.item, relation.label, "only-here", relation, statements)
    if relation.item is None:
        row.notes.append("the publication knows no Wikidata item for this city")
        return row
    carried = {s.subject for s in statements}
    row.missing_on = [item for item in (home, relation.item) if item not in carried]
    if not statements:
        return row
    row.differences = _differences(relation, statements)
    row.notes = _notes(relation, statements)
    row.status = "differs" if row.differences else "only-here" if row.missing_on else "both"
    return row


def _differences(relation: HereRelation, statements: list[Statement]) -> list[str]:
    """What contradicts the publication; an item counts once if any of its statements agrees."""
    found: list[str] = []
    for item in sorted({s.subject for s in statements}):
        own = [s for s in statements if s.subject == item]
        problems = [conflicts(relation, s) for s in own]
        if any(not p for p in problems):
            continue  # one statement of this item agrees: the others are history or duplicates
        found.extend(f"{item}: {text}" for text in _unique(t for p in problems for t in p))
    return found


def conflicts(relation: HereRelation, statement: Statement) -> list[str]:
    """What in one statement contradicts the publication (empty: nothing)."""
    texts = []
    if relation.since and statement.since and not relation.since.agrees_with(statement.since):
        texts.append(f"start {statement.since.iso} here {relation.since.iso}")
    if relation.until and statement.until and not relation.until.agrees_with(statement.until):
        texts.append(f"end {statement.until.iso} here {relation.until.iso}")
    if relation.ended and statement.until is None:
        since = f" {relation.until.iso}" if relation.until else ""
        texts.append(f"no end time, here ended{since}")
    elif relation.status == "dormant" and statement.until is None:
        since = f" since {relation.status_since.iso}" if relation.status_since else ""
        texts.append(f"no end time, here dormant{since} (Wikidata has no property for it)")
    if statement.until and not relation.ended and relation.status != "dormant":
        texts.append(f"end {statement.until.iso}, here {relation.status or 'not ended'}")
    return texts


def _notes(relation: HereRelation, statements: list[Statement]) -> list[str]:
    notes = []
    for statement in statements:
        if conflicts(relation, statement):
            continue  # its contradictions are differences (or history beside an agreeing one)
        notes += _precision_notes("start", relation.since, statement.since, statement.subject)
        notes += _precision_notes("end", relation.until, statement.until, statement.subject)
        if statement.since is None and relation.since is not None:
            notes.append(f"{statement.subject}: no start time (P580)")
    return _unique(notes)


def _precision_notes(what: str, here: Date | None, there: Date | None, item: str) -> list[str]:
    if here is None and there is not None:
        return [f"{item}: {what} {there.iso} is not known here"]
    if here is None or there is None or not here.agrees_with(there):
        return []
    if there.precision < here.precision:
        return [f"{item}: {what} {there.iso} is less precise than here {here.iso}"]
    if there.precision > here.precision:
        return [f"{item}: {what} {there.iso} is more precise than here {here.iso}"]
    return []


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def counts(rows: list[Row]) -> dict[str, int]:
    return {status: sum(1 for row in rows if row.status == status) for status in STATUSES}
