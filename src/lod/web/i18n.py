"""The words of the linked-data pages, in German and English (one table, checked by a test)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "home": "Start",
        "ontology": "Ontologie",
        "shapes": "Formen",
        "catalog": "Katalog",
        "downloads": "Downloads",
        "sparql": "SPARQL-Abfrage",
        "main_nav": "Hauptnavigation",
        "iri": "IRI",
        "type": "Typ",
        "native_name": "Name in der Landessprache",
        "facts": "Angaben",
        "property": "Eigenschaft",
        "value": "Wert",
        "incoming": "Verweise auf diese Ressource",
        "incoming_intro": "Diese Ressourcen verweisen hierher:",
        "sources": "Quellen",
        "formats": "Dieses Dokument als",
        "wikidata": "Bei Wikidata",
        "licence": "Lizenz",
        "data_licence": "Daten unter",
        "partners": "Partner- und Freundschaftsstädte",
        "city": "Stadt",
        "kind": "Art",
        "status": "Status",
        "since": "Seit",
        "relation": "Beziehung",
        "relations": "Beziehungen",
        "date_unknown": "Datum unbekannt",
        "timeline": "Zeitleiste",
        "timeline_desc": (
            "Jeder Balken beginnt im Jahr, in dem die Beziehung begann (Achse ab {first}); "
            "der gestrichelte Teil zeigt, seit wann eine Beziehung ruht."
        ),
        "map": "Karte",
        "map_title": "Richtung und Entfernung der Partnerstädte von {home}",
        "map_desc": (
            "Azimutale Karte um {home}: jede Stadt liegt in ihrer Himmelsrichtung, "
            "die Entfernung wächst mit der Quadratwurzel; Ringe in Kilometern."
        ),
        "north": "N",
        "partnership_count": "Partnerschaften",
        "friendship_count": "Freundschaften",
        "get_data": "Zu den Daten",
        "sparql_text": "Fragen Sie den Graphen mit SPARQL 1.1 ab.",
        "dumps_text": "Der ganze Graph als Datei (auch gzip-komprimiert):",
        "catalog_text": "DCAT-AP-Katalog für Datenportale",
        "void_text": "VoID-Beschreibung mit Statistik",
        "ontology_text": "Das Vokabular: Klassen und Eigenschaften",
        "shapes_text": "Die SHACL-Formen, an denen jeder Build geprüft wird",
        "bytes": "Bytes",
        "classes": "Klassen",
        "properties": "Eigenschaften",
        "namespace": "Namensraum",
        "prefix": "Präfix",
        "version": "Version",
        "domain": "Definitionsbereich",
        "range": "Wertebereich",
        "subclass_of": "Unterklasse von",
        "subproperty_of": "Untereigenschaft von",
        "close_match": "entspricht ungefähr",
        "characteristics": "Merkmale",
        "see_also": "Siehe auch",
        "contents": "Inhalt",
        "node_shapes": "Knotenformen",
        "other_shapes": "Weitere Formen",
        "target_class": "Zielklasse",
        "property_shapes": "Eigenschaftsformen",
        "path": "Pfad",
        "constraints": "Bedingungen",
        "severity": "Schweregrad",
        "message": "Meldung",
        "sparql_constraints": "SPARQL-Bedingungen",
        "used_by": "verwendet von",
        "in_other_language": "Auf Englisch",
        "lists": "Listen",
        "large_summary": "{cities} Städte, {relations} Beziehungen in {networks} Netzwerken. "
        "Hier die {shown} größten Netzwerke; alle stehen in den Listen:",
        "large_more": "Alle {count} Beziehungen",
        "list_cities": "Städte",
        "list_relations": "Beziehungen",
        "list_agreements": "Vereinbarungen",
        "list_claims": "Behauptungen",
        "list_sources": "Quellen",
        "search": "Suche",
        "search_label": "Suche nach Name (jede Sprache) oder Wikidata-ID",
        "search_button": "Suchen",
        "sort_by": "Sortieren",
        "sort_name": "Name A–Z",
        "sort_-name": "Name Z–A",
        "sort_date": "Datum, älteste zuerst",
        "sort_-date": "Datum, neueste zuerst",
        "page_of": "Seite {page} von {pages}",
        "previous": "Zurück",
        "next": "Weiter",
        "entries": "{total} Einträge",
        "name": "Name",
        "date": "Datum",
        "cited_by": "Zitiert von",
        "results": "{total} Treffer für „{q}“",
        "no_results": "Nichts gefunden.",
        "matched": "gefunden als",
        "in_json": "Als JSON",
        "error_400": "Ungültige Anfrage",
        "error_400_text": "Die Anfrage ist so nicht verständlich; die Meldung unten sagt, warum.",
        "error_404": "Nicht gefunden",
        "error_404_text": "Diese Adresse gibt es hier nicht. Listen und Suche helfen weiter.",
        "error_406": "Format nicht verfügbar",
        "error_406_text": "Das verlangte Format gibt es für diese Seite nicht.",
        # The drift report (lod.reconcile.page)
        "reconcile_title": "Abgleich mit Wikidata",
        "reconcile_intro": (
            "Die Beziehungen von {city} in dieser Veröffentlichung, verglichen mit den "
            "Wikidata-Aussagen „Partnerstadt“ (P190) an beiden Objekten, mit Beginn (P580) "
            "und Ende (P582)."
        ),
        "reconcile_checked": "Geprüft am",
        "reconcile_endpoint": "Abfragedienst",
        "reconcile_publication": "Veröffentlichung",
        "reconcile_summary": "Übersicht",
        "reconcile_city": "Stadt",
        "reconcile_status": "Status",
        "reconcile_here": "Hier",
        "reconcile_wikidata": "Wikidata",
        "reconcile_since": "seit",
        "reconcile_until": "bis",
        "reconcile_stated_on": "Aussage an",
        "reconcile_missing_on": "fehlt an",
        "reconcile_differences": "Abweichungen",
        "reconcile_notes": "Hinweise",
        "reconcile_quickstatements": "QuickStatements",
        "reconcile_qs_intro": (
            "Ergänzungen für Wikidata im Format QuickStatements (v1), jede mit Quelle (S854) "
            "und Abrufdatum (S813). Es werden nie Aussagen entfernt."
        ),
        "reconcile_qs_none": "Nichts zu ergänzen.",
        "reconcile_review": "Von Hand zu prüfen",
        "reconcile_review_intro": (
            "Nur bei Wikidata genannte Städte und Widersprüche: kein automatischer Vorschlag."
        ),
        "reconcile_formats": "Dieser Bericht als",
        "reconcile_no_report": (
            "Diese Veröffentlichung enthält keinen Abgleich mit Wikidata (lod build "
            "--reconcile oder lod reconcile --out DIST/reconcile.json)."
        ),
        "reconcile_unknown": "–",
        "reconcile_both": "stimmt überein",
        "reconcile_only-here": "nur hier",
        "reconcile_only-wikidata": "nur bei Wikidata",
        "reconcile_differs": "weicht ab",
        "reconcile_partnership": "Partnerschaft",
        "reconcile_friendship": "Freundschaft",
        "reconcile_active": "aktiv",
        "reconcile_dormant": "ruhend",
        "reconcile_ended": "beendet",
        # The query page (lod.web.query_page)
        "query_title": "SPARQL-Abfrage",
        "query_intro": (
            "Befragen Sie die Daten mit SPARQL 1.1: ein Beispiel wählen, ändern, ausführen. "
            "Der Endpunkt ist nur lesbar."
        ),
        "query_endpoint": "Endpunkt für SPARQL-Clients",
        "query_description": "Dienstbeschreibung",
        "query_examples": "Beispielabfragen",
        "query_example_chosen": "Beispiel",
        "query_editor": "Abfrage",
        "query_run": "Abfrage ausführen",
        "query_run_hint": "Strg+Enter führt die Abfrage aus.",
        "query_format": "Antwortformat",
        "query_results": "Ergebnisse",
        "query_formats": "Dieses Ergebnis als",
        "query_rows": "Zeilen",
        "query_shown": "hier angezeigt: die ersten",
        "query_triples": "Tripel",
        "query_yes": "ja (true)",
        "query_no": "nein (false)",
        "query_none": "Keine Ergebnisse.",
        "query_subject": "Subjekt",
        "query_predicate": "Prädikat",
        "query_object": "Objekt",
        "query_federated": "föderiert (fragt {service})",
        "query_withheld": (
            "{count} föderierte Beispiele (sie fragen andere Dienste wie Wikidata) fehlen hier: "
            "Dieser Endpunkt darf diese Dienste nicht aufrufen (LOD_SERVICE_ALLOWLIST)."
        ),
        "query_not_run": "Die Abfrage wurde nicht ausgeführt",
        "query_error_at": "Zeile {line}, Spalte {column}",
        "query_error_syntax": "Die Abfrage ist kein gültiges SPARQL. Der Parser meldet:",
        "query_error_service": (
            "Die Abfrage ruft per SERVICE einen Dienst auf, den dieser Endpunkt nicht fragen darf:"
        ),
        "query_error_update": (
            "Dieser Endpunkt ist nur lesbar; Änderungen (SPARQL Update) gehen nicht:"
        ),
        "query_error_timeout": (
            "Die Abfrage brauchte zu lange und wurde abgebrochen. Enger fassen (LIMIT, "
            "genauere Muster) und erneut versuchen:"
        ),
        "query_error_too_large": "Die Antwort wäre zu groß. Mit LIMIT eingrenzen:",
        "query_error_busy": (
            "Der Server ist gerade ausgelastet. Bitte gleich noch einmal versuchen:"
        ),
        "query_error_other": "Die Abfrage wurde abgelehnt:",
        # the phone layout, the unconfirmed mark, numbers (issue 11, issue 8)
        "unconfirmed": "noch nicht von der Stadt bestätigt",
        "unconfirmed_text": (
            "Aus anderen Quellen übernommen (etwa Wikidata); die Stadt hat diese Angabe noch "
            "nicht bestätigt."
        ),
        "twinning_count": "Städteverbindungen",
        "timeline_caption": (
            "Jeder Balken beginnt im Jahr, in dem die Beziehung begann; die Achse reicht von "
            "{first} bis {last}. Der gestrichelte Teil zeigt, seit wann eine Beziehung ruht."
        ),
        "timeline_undated_one": (
            "Eine Beziehung ohne bekanntes Anfangsdatum ist nicht eingezeichnet."
        ),
        "timeline_undated": (
            "{count} Beziehungen ohne bekanntes Anfangsdatum sind nicht eingezeichnet."
        ),
        "map_dormant": "gestrichelt: ruhend",
        "map_unlabelled": (
            "Nicht jede Stadt trägt ihren Namen auf der Karte (zu wenig Platz); die Tabelle "
            "nennt alle, der Punkt zeigt ihn beim Darüberfahren."
        ),
        "decimal_mark": ",",
        "thousands_separator": ".",
    },
    "en": {
        "home": "Home",
        "ontology": "Ontology",
        "shapes": "Shapes",
        "catalog": "Catalogue",
        "downloads": "Downloads",
        "sparql": "SPARQL query",
        "main_nav": "Main",
        "iri": "IRI",
        "type": "Type",
        "native_name": "Native name",
        "facts": "Facts",
        "property": "Property",
        "value": "Value",
        "incoming": "Links to this resource",
        "incoming_intro": "These resources link here:",
        "sources": "Sources",
        "formats": "This document as",
        "wikidata": "On Wikidata",
        "licence": "Licence",
        "data_licence": "Data under",
        "partners": "Partner and friendship cities",
        "city": "City",
        "kind": "Kind",
        "status": "Status",
        "since": "Since",
        "relation": "Relation",
        "relations": "Relations",
        "date_unknown": "date unknown",
        "timeline": "Timeline",
        "timeline_desc": (
            "Each bar starts in the year the relation began (axis from {first}); "
            "the dashed part shows since when a relation has been dormant."
        ),
        "map": "Map",
        "map_title": "Direction and distance of the partner cities from {home}",
        "map_desc": (
            "Azimuthal map around {home}: each city lies in its compass direction, "
            "the distance grows with the square root; rings in kilometres."
        ),
        "north": "N",
        "partnership_count": "partnerships",
        "friendship_count": "friendships",
        "get_data": "Get the data",
        "sparql_text": "Query the graph with SPARQL 1.1.",
        "dumps_text": "The whole graph as a file (also gzip-compressed):",
        "catalog_text": "DCAT-AP catalogue for data portals",
        "void_text": "VoID description with statistics",
        "ontology_text": "The vocabulary: classes and properties",
        "shapes_text": "The SHACL shapes every build is checked against",
        "bytes": "bytes",
        "classes": "Classes",
        "properties": "Properties",
        "namespace": "Namespace",
        "prefix": "Prefix",
        "version": "Version",
        "domain": "Domain",
        "range": "Range",
        "subclass_of": "Subclass of",
        "subproperty_of": "Subproperty of",
        "close_match": "Close match",
        "characteristics": "Characteristics",
        "see_also": "See also",
        "contents": "Contents",
        "node_shapes": "Node shapes",
        "other_shapes": "Other shapes",
        "target_class": "Target class",
        "property_shapes": "Property shapes",
        "path": "Path",
        "constraints": "Constraints",
        "severity": "Severity",
        "message": "Message",
        "sparql_constraints": "SPARQL constraints",
        "used_by": "used by",
        "in_other_language": "In German",
        "lists": "Lists",
        "large_summary": "{cities} cities, {relations} relations in {networks} networks. "
        "Shown here: the {shown} largest networks; all of them are in the lists:",
        "large_more": "All {count} relations",
        "list_cities": "Cities",
        "list_relations": "Relations",
        "list_agreements": "Agreements",
        "list_claims": "Claims",
        "list_sources": "Sources",
        "search": "Search",
        "search_label": "Search by name (any language) or Wikidata ID",
        "search_button": "Search",
        "sort_by": "Sort",
        "sort_name": "Name A–Z",
        "sort_-name": "Name Z–A",
        "sort_date": "Date, oldest first",
        "sort_-date": "Date, newest first",
        "page_of": "Page {page} of {pages}",
        "previous": "Previous",
        "next": "Next",
        "entries": "{total} entries",
        "name": "Name",
        "date": "Date",
        "cited_by": "Cited by",
        "results": "{total} results for “{q}”",
        "no_results": "Nothing found.",
        "matched": "found as",
        "in_json": "As JSON",
        "error_400": "Bad request",
        "error_400_text": "The request cannot be understood as it is; the message below says why.",
        "error_404": "Not found",
        "error_404_text": "There is nothing at this address. The lists and the search may help.",
        "error_406": "Format not available",
        "error_406_text": "This page is not available in the format asked for.",
        # The drift report (lod.reconcile.page)
        "reconcile_title": "Reconciliation with Wikidata",
        "reconcile_intro": (
            "The relations of {city} in this publication, compared with Wikidata's “twinned "
            "administrative body” (P190) statements on both items, with start (P580) and end "
            "(P582)."
        ),
        "reconcile_checked": "Checked on",
        "reconcile_endpoint": "Endpoint",
        "reconcile_publication": "Publication",
        "reconcile_summary": "Summary",
        "reconcile_city": "City",
        "reconcile_status": "Status",
        "reconcile_here": "Here",
        "reconcile_wikidata": "Wikidata",
        "reconcile_since": "since",
        "reconcile_until": "until",
        "reconcile_stated_on": "stated on",
        "reconcile_missing_on": "missing on",
        "reconcile_differences": "Differences",
        "reconcile_notes": "Notes",
        "reconcile_quickstatements": "QuickStatements",
        "reconcile_qs_intro": (
            "Additions for Wikidata as QuickStatements (v1), each with its source (S854) and "
            "retrieval date (S813). Nothing is ever removed."
        ),
        "reconcile_qs_none": "Nothing to add.",
        "reconcile_review": "For a person to review",
        "reconcile_review_intro": (
            "Cities only Wikidata names, and contradictions: no automatic suggestion."
        ),
        "reconcile_formats": "This report as",
        "reconcile_no_report": (
            "This publication holds no reconciliation with Wikidata (lod build --reconcile, "
            "or lod reconcile --out DIST/reconcile.json)."
        ),
        "reconcile_unknown": "–",
        "reconcile_both": "in agreement",
        "reconcile_only-here": "only here",
        "reconcile_only-wikidata": "only on Wikidata",
        "reconcile_differs": "differs",
        "reconcile_partnership": "partnership",
        "reconcile_friendship": "friendship",
        "reconcile_active": "active",
        "reconcile_dormant": "dormant",
        "reconcile_ended": "ended",
        # The query page (lod.web.query_page)
        "query_title": "SPARQL query",
        "query_intro": (
            "Ask the data with SPARQL 1.1: pick an example, change it, run it. "
            "The endpoint is read-only."
        ),
        "query_endpoint": "Endpoint for SPARQL clients",
        "query_description": "Service description",
        "query_examples": "Example queries",
        "query_example_chosen": "Example",
        "query_editor": "Query",
        "query_run": "Run query",
        "query_run_hint": "Ctrl+Enter runs the query.",
        "query_format": "Answer format",
        "query_results": "Results",
        "query_formats": "This result as",
        "query_rows": "rows",
        "query_shown": "shown here: the first",
        "query_triples": "triples",
        "query_yes": "yes (true)",
        "query_no": "no (false)",
        "query_none": "No results.",
        "query_subject": "Subject",
        "query_predicate": "Predicate",
        "query_object": "Object",
        "query_federated": "federated (asks {service})",
        "query_withheld": (
            "{count} federated examples (they ask other services such as Wikidata) are left out: "
            "this endpoint may not call those services (LOD_SERVICE_ALLOWLIST)."
        ),
        "query_not_run": "The query did not run",
        "query_error_at": "line {line}, column {column}",
        "query_error_syntax": "The query is not valid SPARQL. The parser says:",
        "query_error_service": (
            "The query calls a service through SERVICE that this endpoint may not ask:"
        ),
        "query_error_update": "This endpoint is read-only; changes (SPARQL Update) are refused:",
        "query_error_timeout": (
            "The query took too long and was stopped. Narrow it (LIMIT, more specific "
            "patterns) and try again:"
        ),
        "query_error_too_large": "The answer would be too large. Narrow it with LIMIT:",
        "query_error_busy": "The server is busy right now. Please try again in a moment:",
        "query_error_other": "The query was refused:",
        # the phone layout, the unconfirmed mark, numbers (issue 11, issue 8)
        "unconfirmed": "not yet confirmed by the city",
        "unconfirmed_text": (
            "Taken from other sources (such as Wikidata); the city has not yet confirmed it."
        ),
        "twinning_count": "twinning links",
        "timeline_caption": (
            "Each bar starts in the year the relation began; the axis runs from {first} to "
            "{last}. The dashed part shows since when a relation has been dormant."
        ),
        "timeline_undated_one": "One relation without a known start date is not drawn.",
        "timeline_undated": "{count} relations without a known start date are not drawn.",
        "map_dormant": "dashed: dormant",
        "map_unlabelled": (
            "Not every city is named on the map (too little room); the table lists them all, "
            "and each point shows its name when hovered."
        ),
        "decimal_mark": ".",
        "thousands_separator": ",",
    },
}


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["de"])


def format_number(number: float | int | str, lang: str) -> str:
    """``152021`` → ``152.021`` (de) / ``152,021`` (en); ``40.1558`` → ``40,1558`` (de).

    A number of four digits keeps no separator (``1961``, ``2500 km``), as German and English
    typesetting both prefer; text that is not a number comes back as it is.
    """
    words = texts(lang)
    text = str(number)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return text
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", words["thousands_separator"])
    return sign + whole + (words["decimal_mark"] + fraction if fraction else "")
