"""Every spreadsheet file and every column: the one list the reader, the mapping and
docs/spreadsheets.md (a test compares them) follow.

A ``required`` column must be in the header row and filled in every row; the others may be left
out of the file or left empty (unknown stays absent: nothing is guessed).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str  # the file is {name}.csv in the data directory
    help: str
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


C = Column
SOURCE = C(
    "source_url",
    "Web page(s) the row's facts come from, or their ids from sources.csv (several: separated "
    "by spaces). Every row needs one.",
    required=True,
)
CONFIRMED = C(
    "confirmed",
    "`yes` (or empty): the city's team vouches for the row. `no`: taken from elsewhere "
    "(e.g. seeded from Wikidata by `lod init`) and not yet confirmed by the city; the pages "
    "say so.",
)
NOTES = (
    C("note_de", "A remark in German."),
    C("note_en", "A remark in English."),
)
CLAIMS = C(
    "claims",
    "Ids of disputed values written as claims in Turtle (`data/*.ttl`), separated by `;`.",
)
DISPUTED = C("disputed", "`yes` when sources disagree on a fact of the row (see claims).")

CITIES = Sheet(
    "cities",
    "One row per city: the home city and every partner.",
    (
        C("id", "Short id used in web addresses (a–z, 0–9, hyphens); empty: made from the name."),
        C("name", "The name when its language is not known (e.g. imported)."),
        C("name_de", "The German name."),
        C("name_en", "The English name."),
        C("native_name", "The name in the city's own language and script (e.g. Тверь)."),
        C("native_language", "Language code of native_name (de, nl, fr, ru, zh, …)."),
        C("other_names_de", "Other German names, separated by `;`."),
        C("other_names_en", "Other English names, separated by `;`."),
        C("other_names_native", "Other names in the city's own language, separated by `;`."),
        C("country", "Two-letter country code (ISO 3166-1), e.g. NL."),
        C("country_wikidata", "Wikidata ID of the country, e.g. Q55 (optional)."),
        C("wikidata", "Wikidata ID of the city, e.g. Q9920 (optional; only if checked)."),
        C("latitude", "Latitude in decimal degrees, e.g. 52.3803 (north positive)."),
        C("longitude", "Longitude in decimal degrees, e.g. 4.6406 (east positive)."),
        C("coordinates_source_url", "Web page the coordinates come from."),
        C("history_de", "A remark on the city's history (e.g. former names), in German."),
        C("history_en", "A remark on the city's history (e.g. former names), in English."),
        *NOTES,
        SOURCE,
        CONFIRMED,
    ),
)

NETWORKS = Sheet(
    "networks",
    "One row per home city: its network of partnerships and friendships. Every relation of a "
    "home city belongs to its network (lod adds the links).",
    (
        C("id", "Short id; empty: the home city's id."),
        C("home_city", "The home city (its id or a name from cities).", required=True),
        C("name_de", "German title; empty: made from the city's name."),
        C("name_en", "English title; empty: made from the city's name."),
        C("encounter_domains", "Fields of encounter, separated by `;` (sport, culture, …)."),
        *NOTES,
        SOURCE,
    ),
)

RELATIONS = Sheet(
    "relations",
    "One row per partner city: the relation between the home city and the partner.",
    (
        C("id", "Short id; empty: home-city-id--partner-id (e.g. osnabrueck--haarlem)."),
        C("home_city", "The home city (id or name); empty: the home city of networks.csv."),
        C("partner_city", "The partner city (its id or a name from cities).", required=True),
        C("kind", "partnership or friendship (the relation-kind list).", required=True),
        C("since", "Start: 1961, 1961-10 or 1961-10-24."),
        C("until", "End, if it ended: 1961, 1961-10 or 1961-10-24."),
        C("first_contact", "Date of the first contact: 1961, 1961-10 or 1961-10-24."),
        C("first_contact_de", "How the first contact came about, in German."),
        C("first_contact_en", "How the first contact came about, in English."),
        C("label_de", "German title; empty: made from the kind and the two names."),
        C("label_en", "English title; empty: made from the kind and the two names."),
        *NOTES,
        CLAIMS,
        DISPUTED,
        SOURCE,
        CONFIRMED,
    ),
)

STATUS = Sheet(
    "status",
    "Status changes: one row per period in which a relation (or an exchange) was active, "
    "dormant or ended.",
    (
        C("id", "Short id; empty: relation-id-status (e.g. osnabrueck--twer-dormant)."),
        C(
            "relation",
            "The relation: the partner city (id or name) or the relation's id. Required unless "
            "exchange is filled.",
        ),
        C("exchange", "Instead of relation: the id of an exchange of exchanges.csv."),
        C("status", "active, dormant or ended (the relation-status list).", required=True),
        C("since", "Since when: 2022, 2022-03 or 2022-03-01."),
        C("until", "Until when (empty: still so)."),
        C("reason_de", "Why, in German."),
        C("reason_en", "Why, in English."),
        *NOTES,
        SOURCE,
    ),
)

AGREEMENTS = Sheet(
    "agreements",
    "One row per signed agreement (treaty, renewal, …).",
    (
        C("id", "Short id; empty: relation-id-date (e.g. osnabrueck--haarlem-1961-10-24)."),
        C(
            "relations",
            "The relation(s) it belongs to: partner cities or relation ids, separated by `;`.",
            required=True,
        ),
        C("type", "treaty, framework, renewal, … (the agreement-type list).", required=True),
        C("signed_on", "Date of signing: 1961, 1961-10 or 1961-10-24."),
        C("signed_at_de", "Place of signing, in German."),
        C("signed_at_en", "Place of signing, in English."),
        C("label_de", "German title; empty: made from the type, the cities and the year."),
        C("label_en", "English title; empty: made from the type, the cities and the year."),
        C("label_native", "Title in another language (give label_language)."),
        C("label_language", "Language code of label_native (ko, fr, …)."),
        *NOTES,
        CLAIMS,
        DISPUTED,
        SOURCE,
    ),
)

SIGNATURES = Sheet(
    "signatures",
    "One row per signatory of an agreement.",
    (
        C("id", "Short id; empty: agreement-id-city-id."),
        C("agreement", "The agreement's id (from agreements.csv or Turtle).", required=True),
        C("city", "The city signed for (its id or a name).", required=True),
        C("office_de", "The signatory's office in German (e.g. Oberbürgermeister)."),
        C("office_en", "The signatory's office in English (e.g. Mayor)."),
        C("office_native", "The office in the city's own language (its native_language)."),
        C("signatory", "The signatory's name, if known."),
        SOURCE,
    ),
)

PROGRAMMES = Sheet(
    "programmes",
    "One row per exchange programme (e.g. city ambassadors); its directions are in exchanges.csv.",
    (
        C("id", "Short id used in web addresses, e.g. osnabrueck-city-ambassadors.", True),
        C("home_city", "The city running it (id or name); empty: the home city of networks.csv."),
        C("name_de", "German name of the programme.", True),
        C("name_en", "English name of the programme.", True),
        C("description_de", "What the programme is, in German."),
        C("description_en", "What the programme is, in English."),
        C("since", "Start: 1965, 1965-10 or 1965-10-01."),
        *NOTES,
        CLAIMS,
        DISPUTED,
        SOURCE,
    ),
)

EXCHANGES = Sheet(
    "exchanges",
    "One row per direction of an exchange programme: who sends participants to whom. Its "
    "status periods are rows of status.csv (column exchange).",
    (
        C("id", "Short id; empty: programme-id--sender-id--receiver-id."),
        C("programme", "The programme's id (from programmes.csv or Turtle).", True),
        C("sender", "The sending city (its id or a name from cities).", True),
        C("receiver", "The receiving city (its id or a name from cities).", True),
        C("relation", "The relation it belongs to: the relation's id or the partner city."),
        C("since", "Start: 1991, 1991-10 or 1991-10-01."),
        C("until", "End, if it ended: 2016, 2016-07 or 2016-07-31."),
        C("label_de", "German title; empty: the programme's name, sender → receiver."),
        C("label_en", "English title; empty: the programme's name, sender → receiver."),
        *NOTES,
        CLAIMS,
        DISPUTED,
        SOURCE,
    ),
)

SOURCES = Sheet(
    "sources",
    "Optional: a short id for a web page cited in many rows. Any source_url cell may then "
    "name the page by its id; the publication cites the page's address.",
    (
        C("id", "Short id, e.g. jumelage-profile (a–z, 0–9, hyphens).", True),
        C("url", "The web page's full address (https://…).", True),
        C("note", "What the page is, for the team keeping the sheets (not published)."),
    ),
)

# The order in which they are read: sources and cities first (every other sheet names them).
SHEETS: tuple[Sheet, ...] = (
    SOURCES,
    CITIES,
    NETWORKS,
    RELATIONS,
    AGREEMENTS,
    SIGNATURES,
    PROGRAMMES,
    EXCHANGES,
    STATUS,
)
SHEETS_BY_FILE = {sheet.file_name: sheet for sheet in SHEETS}


def columns_markdown() -> str:
    """The column reference of docs/spreadsheets.md (a test keeps the file in step)."""
    parts = []
    for sheet in SHEETS:
        parts += [f"### `{sheet.file_name}`", "", sheet.help, "", "| column | required | meaning |"]
        parts.append("|---|---|---|")
        for column in sheet.columns:
            required = "yes" if column.required else ""
            parts.append(f"| `{column.name}` | {required} | {column.help} |")
        parts.append("")
    return "\n".join(parts)
