"""Reading one cell: each reader returns the value (or an RDF term) or raises a CellProblem that
says in plain words what is wrong and what to write instead."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import pyoxigraph as ox

from lod.sheets.problems import CellProblem

XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_FORMS = (
    (re.compile(r"\d{4}"), "gYear"),
    (re.compile(r"\d{4}-\d{2}"), "gYearMonth"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "date"),
)
_QID = re.compile(r"Q[1-9][0-9]*")
_SLUG = re.compile(r"[a-z0-9]+(?:-{1,2}[a-z0-9]+)*")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_URL = re.compile(r"https?://\S+")
YES = {"yes", "ja", "true", "1", "y", "j", "x"}
NO = {"no", "nein", "false", "0", "n"}


def literal(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def date_literal(text: str) -> ox.Literal:
    """``1961``, ``1961-10`` or ``1961-10-24`` → xsd:gYear, xsd:gYearMonth or xsd:date."""
    for pattern, datatype in _DATE_FORMS:
        if pattern.fullmatch(text) and _real_date(text):
            return literal(text, datatype)
    raise CellProblem(
        f'"{text}" is not a date — write 1961, 1961-10 or 1961-10-24',
        f"„{text}“ ist kein Datum – schreiben Sie 1961, 1961-10 oder 1961-10-24",
    )


def _real_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def qid(text: str) -> str:
    """A Wikidata ID as written in a cell (``Q2916``; a full entity URL is accepted too)."""
    value = text.rsplit("/", 1)[-1] if text.startswith("http") else text
    if _QID.fullmatch(value):
        return value
    raise CellProblem(
        f'"{text}" is not a Wikidata ID — write Q followed by digits, e.g. Q2916, '
        "or leave it empty",
        f"„{text}“ ist keine Wikidata-ID – schreiben Sie Q und Ziffern, z. B. Q2916, "
        "oder lassen Sie das Feld leer",
    )


def slug(text: str) -> str:
    if _SLUG.fullmatch(text):
        return text
    raise CellProblem(
        f'"{text}" is not a usable id — use lower-case letters a–z, digits and hyphens, '
        "e.g. vila-real",
        f"„{text}“ ist keine brauchbare Kennung – nur Kleinbuchstaben a–z, Ziffern und "
        "Bindestriche, z. B. vila-real",
    )


def decimal(text: str, low: int, high: int) -> ox.Literal:
    """A decimal number between ``low`` and ``high``; a decimal comma is read as a point."""
    value = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    if _DECIMAL.fullmatch(value) and low <= float(value) <= high:
        return literal(value, "decimal")
    raise CellProblem(
        f'"{text}" is not a number between {low} and {high} — write it like 52.2789',
        f"„{text}“ ist keine Zahl zwischen {low} und {high} – schreiben Sie z. B. 52.2789",
    )


def language(text: str) -> str:
    if _LANGUAGE.fullmatch(text):
        return text
    raise CellProblem(
        f'"{text}" is not a language code — write a short code such as nl, fr, ru or zh',
        f"„{text}“ ist kein Sprachcode – schreiben Sie ein Kürzel wie nl, fr, ru oder zh",
    )


def country_code(text: str) -> str:
    value = text.upper()
    if re.fullmatch(r"[A-Z]{2}(-[A-Z]{2})?", value):
        return value
    raise CellProblem(
        f'"{text}" is not a country code — write the two letters of ISO 3166, e.g. NL or FR',
        f"„{text}“ ist kein Ländercode – schreiben Sie die zwei Buchstaben nach ISO 3166, "
        "z. B. NL oder FR",
    )


def urls(text: str, named: Mapping[str, str] | None = None) -> list[str]:
    """One or more web addresses, separated by spaces or line breaks; ``named`` maps the ids of
    sources.csv to their addresses, so that a cell may cite a page by its id."""
    named = named or {}
    found = []
    for token in text.split():
        if token in named:
            found.append(named[token])
        elif _URL.fullmatch(token):
            found.append(token)
        else:
            raise CellProblem(
                f'"{token}" is not a web address — write the full address starting with '
                "https:// (several addresses: separate them with spaces)"
                + (" or an id of sources.csv" if named else ""),
                f"„{token}“ ist keine Webadresse – schreiben Sie die volle Adresse mit https:// "
                "(mehrere Adressen mit Leerzeichen trennen)"
                + (" oder eine Kennung aus sources.csv" if named else ""),
            )
    return found


def names(text: str) -> list[str]:
    """Several names in one cell, separated by semicolons."""
    return [name.strip() for name in text.split(";") if name.strip()]


def yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellProblem(
        f'"{text}" is neither yes nor no — write yes or no (or leave it empty)',
        f"„{text}“ ist weder ja noch nein – schreiben Sie yes oder no (oder lassen Sie das Feld "
        "leer)",
    )


def choice(text: str, allowed: list[str], what_en: str, what_de: str) -> str:
    if text in allowed:
        return text
    listed = ", ".join(allowed) or "(none)"
    raise CellProblem(
        f'"{text}" is not a known {what_en} — write one of: {listed}',
        f"„{text}“ ist keine bekannte {what_de} – schreiben Sie eines von: {listed}",
    )
