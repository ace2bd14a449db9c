"""German and English names of the outside terms the pages show.

The lod ontology labels its own terms (in the store, so in every document); these are the
others, which the store does not label:

- the W3C and DCAT properties and classes (``_LABELS``; classes by their DCAT-AP.de names);
- the concepts of the authority tables the metadata points to (``_CONCEPTS``: EU languages,
  data themes, frequencies; the ADMS publisher type), by their official names;
- the formats: an EU file type or a W3C format IRI by the format's label in the one format
  table (:mod:`lod.store.formats`), an IANA media-type IRI by its media type.

A licence is named by the metadata (``dct:title``, written by ``lod init``), not here. A term
missing everywhere is shown as a CURIE or as its IRI.
"""

from __future__ import annotations

from lod.namespaces import (
    ADMS,
    DCAT,
    DCATDE,
    DCTERMS,
    FOAF,
    GEO,
    GEOSPARQL,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SH,
    SKOS,
    SPDX,
    VCARD,
    VOID,
)
from lod.store.formats import DUMP_FORMATS, GRAPH_FORMATS, IANA_MEDIA_TYPES, SOLUTION_FORMATS

_LABELS: dict[str, tuple[str, str]] = {
    # (de, en)
    str(RDF.type): ("Typ", "type"),
    str(RDFS.label): ("Name", "name"),
    str(RDFS.comment): ("Erläuterung", "comment"),
    str(RDFS.seeAlso): ("siehe auch", "see also"),
    str(RDFS.isDefinedBy): ("definiert in", "defined by"),
    str(RDFS.subClassOf): ("Unterklasse von", "subclass of"),
    str(RDFS.subPropertyOf): ("Untereigenschaft von", "subproperty of"),
    str(RDFS.domain): ("Definitionsbereich", "domain"),
    str(RDFS.range): ("Wertebereich", "range"),
    str(OWL.sameAs): ("identisch mit", "same as"),
    str(OWL.versionIRI): ("Versions-IRI", "version IRI"),
    str(OWL.versionInfo): ("Version", "version"),
    str(SKOS.prefLabel): ("Bezeichnung", "preferred label"),
    str(SKOS.altLabel): ("auch genannt", "also known as"),
    str(SKOS.note): ("Anmerkung", "note"),
    str(SKOS.historyNote): ("Geschichte", "history"),
    str(SKOS.definition): ("Definition", "definition"),
    str(SKOS.inScheme): ("im Schema", "in scheme"),
    str(SKOS.hasTopConcept): ("Oberbegriff", "top concept"),
    str(SKOS.topConceptOf): ("Oberbegriff von", "top concept of"),
    str(SKOS.closeMatch): ("entspricht ungefähr", "close match"),
    str(SKOS.exactMatch): ("entspricht", "exact match"),
    str(GEO.lat): ("geografische Breite", "latitude"),
    str(GEO.long): ("geografische Länge", "longitude"),
    str(GEOSPARQL.hasGeometry): ("Geometrie", "geometry"),
    str(GEOSPARQL.asWKT): ("Punkt (WKT)", "point (WKT)"),
    str(DCTERMS.source): ("Quelle", "source"),
    str(DCTERMS.title): ("Titel", "title"),
    str(DCTERMS.description): ("Beschreibung", "description"),
    str(DCTERMS.license): ("Lizenz", "licence"),
    str(DCTERMS.modified): ("geändert", "modified"),
    str(DCTERMS.issued): ("veröffentlicht", "issued"),
    str(DCTERMS.publisher): ("Herausgeber", "publisher"),
    str(DCTERMS.creator): ("Urheber", "creator"),
    str(DCTERMS.language): ("Sprache", "language"),
    str(DCTERMS.spatial): ("räumliche Abdeckung", "spatial coverage"),
    str(DCTERMS.temporal): ("zeitliche Abdeckung", "temporal coverage"),
    str(DCTERMS.conformsTo): ("entspricht dem Standard", "conforms to"),
    str(DCTERMS.format): ("Dateiformat", "file format"),
    str(DCTERMS.accrualPeriodicity): ("Aktualisierung", "update frequency"),
    str(DCTERMS.type): ("Art", "kind"),
    str(DCTERMS.date): ("Datum", "date"),
    str(DCTERMS.hasFormat): ("auch als", "also as"),
    str(DCAT.dataset): ("Datensatz", "dataset"),
    str(DCAT.distribution): ("Distribution", "distribution"),
    str(DCAT.service): ("Datendienst", "data service"),
    str(DCAT.servesDataset): ("stellt bereit", "serves dataset"),
    str(DCAT.downloadURL): ("Download", "download URL"),
    str(DCAT.accessURL): ("Zugang", "access URL"),
    str(DCAT.endpointURL): ("Endpunkt", "endpoint URL"),
    str(DCAT.endpointDescription): ("Endpunktbeschreibung", "endpoint description"),
    str(DCAT.mediaType): ("Medientyp", "media type"),
    str(DCAT.compressFormat): ("Kompression", "compression"),
    str(DCAT.byteSize): ("Größe in Bytes", "size in bytes"),
    str(DCAT.keyword): ("Schlagwort", "keyword"),
    str(DCAT.theme): ("Thema", "theme"),
    str(DCAT.themeTaxonomy): ("Themenverzeichnis", "theme taxonomy"),
    str(DCAT.landingPage): ("Startseite", "landing page"),
    str(DCAT.contactPoint): ("Kontakt", "contact point"),
    str(DCAT) + "version": ("Version", "version"),
    str(DCAT.startDate): ("Beginn", "start"),
    str(DCAT.endDate): ("Ende", "end"),
    str(DCAT.centroid): ("Mittelpunkt", "centroid"),
    str(DCATDE.licenseAttributionByText): ("Namensnennung", "attribution text"),
    str(FOAF.homepage): ("Website", "homepage"),
    str(FOAF.name): ("Name", "name"),
    str(FOAF.primaryTopic): ("Hauptthema", "primary topic"),
    str(FOAF.isPrimaryTopicOf): ("beschrieben in", "described in"),
    str(VCARD.fn): ("Name", "name"),
    str(VCARD.hasURL): ("Website", "web address"),
    str(VCARD.hasEmail): ("E-Mail", "email"),
    str(SPDX.checksum): ("Prüfsumme", "checksum"),
    str(SPDX.algorithm): ("Verfahren", "algorithm"),
    str(SPDX.checksumValue): ("Wert", "value"),
    str(ADMS.identifier): ("Kennung", "identifier"),
    str(VOID.sparqlEndpoint): ("SPARQL-Endpunkt", "SPARQL endpoint"),
    str(VOID.dataDump): ("Datenabzug", "data dump"),
    str(VOID.triples): ("Tripel", "triples"),
    str(VOID.entities): ("Entitäten", "entities"),
    str(VOID.classes): ("Klassen", "classes"),
    str(VOID.properties): ("Eigenschaften", "properties"),
    str(VOID.distinctSubjects): ("verschiedene Subjekte", "distinct subjects"),
    str(VOID.distinctObjects): ("verschiedene Objekte", "distinct objects"),
    str(VOID.uriSpace): ("IRI-Raum", "URI space"),
    str(VOID.vocabulary): ("Vokabular", "vocabulary"),
    str(VOID.feature): ("Format", "feature"),
    str(VOID.classPartition): ("Klassenanteil", "class partition"),
    str(VOID.propertyPartition): ("Eigenschaftsanteil", "property partition"),
    str(VOID.subset): ("Teilmenge", "subset"),
    str(VOID.inDataset): ("im Datensatz", "in dataset"),
    str(PROV.wasDerivedFrom): ("abgeleitet aus", "derived from"),
    str(SCHEMA.name): ("Name (schema.org)", "name (schema.org)"),
    str(SH.targetClass): ("Zielklasse", "target class"),
    str(SH.property): ("Eigenschaftsform", "property shape"),
    str(SH.path): ("Pfad", "path"),
    str(SH.message): ("Meldung", "message"),
    str(SH.severity): ("Schweregrad", "severity"),
    str(VOID["class"]): ("Klasse", "class"),
    str(VOID.property): ("Eigenschaft", "property"),
    str(VOID.linkPredicate): ("Verknüpfungseigenschaft", "link predicate"),
    str(VOID.target): ("Ziel", "target"),
    str(VOID.subjectsTarget): ("Ziel der Subjekte", "subjects target"),
    str(VOID.objectsTarget): ("Ziel der Objekte", "objects target"),
    str(DCTERMS.isPartOf): ("Teil von", "part of"),
    # Classes, as the page header names a resource's kind: German after DCAT-AP.de 3.0
    # (spec/03_overview_main.md: Katalog, Datensatz, Verantwortliche Stelle, …), English after
    # DCAT-AP 3.0.
    str(DCAT.Catalog): ("Katalog", "Catalogue"),
    str(DCAT.Dataset): ("Datensatz", "Dataset"),
    str(DCAT.Distribution): ("Distribution", "Distribution"),
    str(DCAT.DataService): ("Datenservice", "Data Service"),
    str(FOAF.Agent): ("Verantwortliche Stelle", "Agent"),
    str(SKOS.Concept): ("Kategorie", "Category"),
    str(SKOS.ConceptScheme): ("Kategorienschema", "Category Scheme"),
    str(DCTERMS.LicenseDocument): ("Lizenzdokument", "Licence Document"),
    str(DCTERMS.Location): ("Standort", "Location"),
    str(DCTERMS.PeriodOfTime): ("Zeitraum", "Period of Time"),
    str(DCTERMS.MediaType): ("Medientyp", "Media Type"),
    str(DCTERMS.MediaTypeOrExtent): ("Medientyp", "Media Type"),
    str(DCTERMS.Standard): ("Standard", "Standard"),
    str(DCTERMS.Frequency): ("Aktualisierungsfrequenz", "Frequency"),
    str(DCTERMS.LinguisticSystem): ("Linguistisches System", "Linguistic System"),
    str(FOAF.Document): ("Dokument", "Document"),
    str(SPDX.Checksum): ("Prüfsumme", "Checksum"),
    str(VOID.Dataset): ("VoID-Datensatz", "VoID dataset"),
    str(VOID.Linkset): ("Linkset", "Linkset"),
    str(ORG.Organization): ("Organisation", "Organization"),
    str(VCARD.Organization): ("Organisation (vCard)", "Organization (vCard)"),
    str(VCARD.Kind): ("Kontakt", "Kind"),
}

_EU = "http://publications.europa.eu/resource/authority/"
# (de, en); None where the authority gives no name in that language. Sources: the EU
# Publications Office authority tables (languages, data themes, frequencies:
# http://publications.europa.eu/resource/authority/…), the ADMS publisher-type vocabulary
# (http://purl.org/adms/publishertype/1.0, English only) with the German word of DCAT-AP.de's
# Konventionenhandbuch 2.0 (“Angaben zum Herausgeber”: LocalAuthority = kommunale Ebene),
# SPDX for the checksum algorithm, the W3C for its Recommendation's title.
_CONCEPTS: dict[str, tuple[str | None, str | None]] = {
    _EU + "language/DEU": ("Deutsch", "German"),
    _EU + "language/ENG": ("Englisch", "English"),
    _EU + "data-theme": (None, "Data theme"),
    _EU + "data-theme/GOVE": ("Regierung und öffentlicher Sektor", "Government and public sector"),
    _EU + "data-theme/SOCI": ("Bevölkerung und Gesellschaft", "Population and society"),
    _EU + "frequency/IRREG": ("unregelmäßig", "irregular"),
    "http://purl.org/adms/publishertype/LocalAuthority": ("kommunale Ebene", "Local Authority"),
    str(SPDX) + "checksumAlgorithm_sha256": ("SHA-256", "SHA-256"),
    "https://www.w3.org/TR/sparql11-protocol/": (None, "SPARQL 1.1 Protocol"),
}

_FORMATS = {*DUMP_FORMATS, *GRAPH_FORMATS, *SOLUTION_FORMATS}
# A format is one name in every language: its label in the format table.
_FORMAT_NAMES: dict[str, str] = {
    **{fmt.format_iri: fmt.label for fmt in _FORMATS},
    **{fmt.file_type_iri: fmt.label for fmt in _FORMATS if fmt.file_type_iri},
}


def predicate_label(iri: str, lang: str) -> str | None:
    """The German or English name of a W3C/DCAT term, or None if it has none here."""
    names = _LABELS.get(iri)
    if names is None:
        return None
    return names[0] if lang == "de" else names[1]


def term_name(iri: str, lang: str) -> tuple[str, str | None] | None:
    """The name of an outside term and the language it is in (None: the same in every
    language), or None if it has none here. The reader's language first; a concept whose
    authority names it in one language only is named in that one."""
    if (label := predicate_label(iri, lang)) is not None:
        return label, lang
    if iri in _CONCEPTS:
        de, en = _CONCEPTS[iri]
        if de is not None and de == en:
            return de, None
        first, second = ((de, "de"), (en, "en")) if lang == "de" else ((en, "en"), (de, "de"))
        return next((text, code) for text, code in (first, second) if text)
    if iri in _FORMAT_NAMES:
        return _FORMAT_NAMES[iri], None
    media_type = iri.removeprefix(IANA_MEDIA_TYPES)  # the registry's address ends in the type
    return (media_type, None) if media_type != iri and "/" in media_type else None
