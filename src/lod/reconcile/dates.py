"""Dates at a precision: the publication's xsd:date/gYearMonth/gYear and Wikidata's time values.

Wikidata stores every time as a full timestamp plus a precision (9 = year, 10 = month,
11 = day); a year is written ``1961-01-01T00:00:00Z`` with precision 9. Two dates agree when they
are equal at the coarser of their two precisions: "1961" and "1961-10-24" do not contradict each
other, one only says less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

XSD = "http://www.w3.org/2001/XMLSchema#"
YEAR, MONTH, DAY = 9, 10, 11
_PRECISION_OF_TYPE = {f"{XSD}date": DAY, f"{XSD}gYearMonth": MONTH, f"{XSD}gYear": YEAR}
_LEXICAL = re.compile(r"^([+-]?\d{1,6})(?:-(\d\d))?(?:-(\d\d))?")
PRECISION_NAMES = {YEAR: "year", MONTH: "month", DAY: "day"}


@dataclass(frozen=True, order=True)
class Date:
    """A calendar date known to ``precision`` (Wikidata's scale; below 9 = decade, century…)."""

    year: int
    month: int = 0
    day: int = 0
    precision: int = DAY

    @property
    def iso(self) -> str:
        """``1961``, ``1961-10`` or ``1961-10-24``: only what is known."""
        text = f"{self.year:04d}"
        if self.precision >= MONTH:
            text += f"-{self.month:02d}"
        if self.precision >= DAY:
            text += f"-{self.day:02d}"
        return text

    @property
    def precision_name(self) -> str:
        return PRECISION_NAMES.get(self.precision, f"precision {self.precision}")

    def quickstatements(self) -> str:
        """QuickStatements v1 time: ``+1961-10-24T00:00:00Z/11``, unknown parts as 00."""
        month = self.month if self.precision >= MONTH else 0
        day = self.day if self.precision >= DAY else 0
        return f"+{self.year:04d}-{month:02d}-{day:02d}T00:00:00Z/{self.precision}"

    def agrees_with(self, other: Date) -> bool:
        """Equal at the coarser precision of the two."""
        precision = min(self.precision, other.precision)
        return self._key(precision) == other._key(precision)

    def _key(self, precision: int) -> tuple[int, ...]:
        if precision < YEAR:  # decade (8), century (7), …: compare the truncated year
            return (self.year // 10 ** (YEAR - precision),)
        return (self.year, self.month, self.day)[: precision - YEAR + 1]


def from_xsd(lexical: str, datatype: str) -> Date | None:
    """A publication date (xsd:date, xsd:gYearMonth, xsd:gYear, or an xsd:dateTime) or None."""
    precision = _PRECISION_OF_TYPE.get(datatype, DAY if datatype == f"{XSD}dateTime" else 0)
    return _parse(lexical, precision) if precision else None


def from_wikidata(lexical: str, precision: int | None) -> Date | None:
    """A Wikidata time value; without a stated precision it is guessed from the zeros.

    WDQS gives the precision only through ``pqv:``/``wikibase:timePrecision``; a mirror or a
    truthy dump may lack it. Then ``-01-01`` is read as a year and ``-01`` as a month: a real
    1 January or first of a month is rare for a twinning and at worst compared less strictly.
    """
    match = _LEXICAL.match(lexical.strip())
    if not match:
        return None
    month, day = int(match.group(2) or 0), int(match.group(3) or 0)
    if precision is None:
        precision = YEAR if month <= 1 and day <= 1 else MONTH if day <= 1 else DAY
    return _parse(lexical, precision)


def _parse(lexical: str, precision: int) -> Date | None:
    match = _LEXICAL.match(lexical.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or 0) if precision >= MONTH else 0
    day = int(match.group(3) or 0) if precision >= DAY else 0
    if (precision >= MONTH and not 1 <= month <= 12) or (precision >= DAY and not 1 <= day <= 31):
        return None
    return Date(year, month, day, precision)
