"""Misspelt names that no shape looks at, and findings in plain words (English and German).

Each mistake is typed into ``data/extra.ttl`` of a real ``lod init`` project (Lüneburg, Q3920)
and the report of ``lod validate`` / ``lod build`` is read as a person would read it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Literal, URIRef

from lod.cli import main
from lod.config import Settings
from lod.namespaces import PREFIXES
from lod.publisher.pipeline import Timings, load, publication_prefixes
from lod.publisher.shacl import DATE_HINT, Finding, Namer, Report, date_hint
from lod.publisher.unknown_terms import closest_term, find_mistakes, typo_of

TW = "https://w3id.org/twinning/ontology/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATE, YEAR_MONTH, YEAR, STRING = (
    URIRef(XSD + t) for t in ("date", "gYearMonth", "gYear", "string")
)
HEAD = """@prefix tw: <https://w3id.org/twinning/ontology/> .
@prefix relation: <https://w3id.org/twinning/id/relation/> .
@prefix city: <https://w3id.org/twinning/id/city/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""
RELATION = "relation:lueneburg--tartu"  # a relation of the init project (data/relations.csv)


@pytest.fixture(scope="module")
def init_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "p"
    result = CliRunner().invoke(main, ["init", str(root), "--city", "Q3920"])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(init_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the init project, as the working directory (paths print as
    ``data/extra.ttl``, as a city's team sees them)."""
    root = tmp_path / "p"
    shutil.copytree(init_template, root)
    monkeypatch.chdir(root)
    return root


def validate(project: Path, extra: str) -> Result:
    (project / "data" / "extra.ttl").write_text(extra, encoding="utf-8")
    return CliRunner().invoke(main, ["validate"])


def blocks(result: Result) -> list[list[str]]:
    return [block.splitlines() for block in result.stdout.split("\n\n")]


def violations(result: Result) -> list[list[str]]:
    return [block for block in blocks(result) if block[0].startswith("Violation: ")]


def test_a_prefix_typo_is_one_violation_named_by_its_prefix_first_in_the_report(
    project: Path,
) -> None:
    extra = """@prefix tw: <https://w3id.org/twinning/ontologie/> .
@prefix city: <https://w3id.org/twinning/id/city/> .

city:foo a tw:City ; tw:name "Foo"@de .
"""
    result = validate(project, extra)
    assert result.exit_code == 1
    assert blocks(result)[0] == [
        "Violation: The prefix tw: is <https://w3id.org/twinning/ontologie/> — did you mean "
        "<https://w3id.org/twinning/ontology/>? (used 2 times) Other findings may follow from it.",
        "  Verstoß: Das Präfix tw: ist <https://w3id.org/twinning/ontologie/> – meinten Sie "
        "<https://w3id.org/twinning/ontology/>? (2-mal verwendet) Weitere Meldungen können "
        "daraus folgen.",
        "  file:     data/extra.ttl, line 1",
    ]
    assert len(violations(result)) == 1  # one per file and namespace, not one per use
    assert result.stdout.splitlines()[-1].startswith("SHACL: 1 violation, ")


def test_an_unknown_property_names_the_term_meant_the_resource_and_the_line(
    project: Path,
) -> None:
    result = validate(project, HEAD + f'{RELATION}\n    tw:startdate "1961"^^xsd:gYear .\n')
    assert result.exit_code == 1
    assert violations(result) == [
        [
            "Violation: tw:startdate is not a term of the lod ontology — did you mean "
            "tw:startDate?",
            "  Verstoß: tw:startdate ist kein Begriff der lod-Ontologie – meinten Sie "
            "tw:startDate?",
            f"  resource: {RELATION}",
            "  property: tw:startdate",
            "  file:     data/extra.ttl, line 7",  # the line of the term, not of the subject
        ]
    ]


def test_an_unknown_class_is_named_with_the_class_meant(project: Path) -> None:
    result = validate(project, HEAD + 'city:foo a tw:Cty ;\n    tw:name "Foo"@de .\n')
    assert result.exit_code == 1
    unknown = [b for b in violations(result) if "tw:Cty" in b[0]]
    assert unknown == [
        [
            "Violation: tw:Cty is not a term of the lod ontology — did you mean tw:City?",
            "  Verstoß: tw:Cty ist kein Begriff der lod-Ontologie – meinten Sie tw:City?",
            "  resource: city:foo",
            "  property: rdf:type",
            "  value:    tw:Cty",
            "  file:     data/extra.ttl, line 6",
        ]
    ]


def test_a_property_used_as_a_class_and_a_name_far_from_any_term(project: Path) -> None:
    result = validate(project, HEAD + f'city:foo a tw:city .\n{RELATION} tw:foo "x" .\n')
    heads = [block[0] for block in violations(result)]
    assert (
        "Violation: tw:city is a property of the lod ontology, not a class — did you mean tw:City?"
    ) in heads
    assert "Violation: tw:foo is not a term of the lod ontology." in heads  # nothing close


def test_an_invalid_date_shows_the_value_as_written_and_how_to_write_a_date(
    project: Path,
) -> None:
    result = validate(project, HEAD + f'{RELATION} tw:startDate "1961-13-45"^^xsd:date .\n')
    assert result.exit_code == 1
    [block] = [b for b in violations(result) if "  property: tw:startDate" in b]
    assert block[1].startswith("  Verstoß: ")  # the shape's German message
    assert f"  resource: {RELATION}" in block
    assert '  value:    "1961-13-45" (xsd:date)' in block
    hint = block.index("  hint:     not a valid date: write 1961, 1961-10 or 1961-10-24")
    assert block[hint + 1] == (
        "            kein gültiges Datum: schreiben Sie 1961, 1961-10 oder 1961-10-24"
    )
    [file_line] = [line for line in block if line.startswith("  file:     ")]
    assert file_line == "  file:     data/extra.ttl, line 6 (lueneburg--tartu)"  # not relations.csv
    assert "^^<http" not in result.stdout  # no N-Triples in the report
    assert "Traceback" not in result.stdout + result.stderr  # rdflib's complaint is kept quiet


def test_a_full_iri_one_letter_off_a_project_namespace_is_named(project: Path) -> None:
    extra = HEAD + "<https://w3id.org/twinning/id/citty/foo> a tw:City .\n"
    result = validate(project, extra)
    assert blocks(result)[0][:1] == [
        "Violation: <https://w3id.org/twinning/id/citty/> is not a namespace lod knows — did "
        "you mean <https://w3id.org/twinning/id/city/>? (used 1 time) Other findings may follow "
        "from it."
    ]
    assert "  file:     data/extra.ttl, line 6" in blocks(result)[0]


def test_a_cited_web_page_near_a_vocabulary_is_no_typo(project: Path) -> None:
    """A source may be any web page: full IRIs are only compared with lod's own namespaces."""
    extra = HEAD + f"{RELATION} <http://purl.org/dc/terms/source> "
    extra += "<https://www.wikidata.org/entity/Q3920>, <http://www.w3.org/ns/oa#x> .\n"
    result = validate(project, extra)
    assert result.exit_code == 0, result.stdout


def test_build_fails_on_a_misspelt_name_and_leaves_dist_alone(project: Path) -> None:
    built = CliRunner().invoke(main, ["build"])
    assert built.exit_code == 0, built.output
    before = {p.name: p.read_bytes() for p in (project / "dist").iterdir() if p.is_file()}
    (project / "data" / "extra.ttl").write_text(HEAD + f"{RELATION} tw:startdate 1961 .\n")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Violation: tw:startdate is not a term of the lod ontology — did you mean tw:startDate?\n"
        "  Verstoß: tw:startdate ist kein Begriff der lod-Ontologie – meinten Sie tw:startDate?\n"
    )
    assert "  file:     data/extra.ttl, line 6" in result.stderr
    after = {p.name: p.read_bytes() for p in (project / "dist").iterdir() if p.is_file()}
    assert after == before


@pytest.mark.parametrize("base_iri", [None, "https://example.org/twinning/"])
def test_no_mistake_in_the_repository_nor_in_a_fresh_init_project(
    repo_settings: Settings, init_template: Path, base_iri: str | None
) -> None:
    init = Settings().replace(
        ontology_dir=init_template / "ontology",
        data_dir=init_template / "data",
        shapes_dir=init_template / "shapes",
    )
    for settings in (repo_settings, init):
        if base_iri is not None:
            settings = settings.replace(base_iri=base_iri)
        loaded = load(settings, Timings())
        namer = Namer(loaded.prefixes)
        assert find_mistakes(loaded.sources, loaded.prefixes, namer.iri) == []


def test_a_typo_is_found_under_another_base_iri(init_template: Path, tmp_path: Path) -> None:
    """Files are written against the default base and rebased: the typo is named as written."""
    root = tmp_path / "p"
    shutil.copytree(init_template, root)
    (root / "data" / "extra.ttl").write_text(HEAD + f"{RELATION} tw:startdate 1961 .\n")
    base = "https://example.org/twinning/"
    settings = Settings().replace(
        ontology_dir=root / "ontology",
        data_dir=root / "data",
        shapes_dir=root / "shapes",
        base_iri=base,
    )
    loaded = load(settings, Timings())
    [mistake] = find_mistakes(loaded.sources, loaded.prefixes, Namer(loaded.prefixes).iri)
    assert (
        mistake.en == "tw:startdate is not a term of the lod ontology — did you mean tw:startDate?"
    )
    assert mistake.predicate == f"{base}ontology/startdate"
    assert mistake.place.endswith("extra.ttl, line 6")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("https://w3id.org/twinning/ontologie/", f"{TW}"),  # two edits in a long word
        ("http://w3id.org/twinning/ontology/", f"{TW}"),  # http for https
        ("https://w3id.org/twinning/ontology", f"{TW}"),  # the closing slash forgotten
        ("https://w3id.org/twining/ontology/", f"{TW}"),
        ("https://w3id.org/twinning/id/cty/", "https://w3id.org/twinning/id/city/"),
        ("http://www.w3.org/ns/oa#", None),  # Web Annotation: two edits in a short word
        ("https://w3id.org/twinning/id/city/x/", None),  # a namespace under a known one
        ("https://w3id.org/twinning/id/", None),  # above a known one
        ("https://w3id.org/twinning/id/concept/relation-kind/", None),
        ("http://purl.org/dc/terms/", None),  # known
    ],
)
def test_typo_of(written: str, meant: str | None) -> None:
    known = publication_prefixes("https://w3id.org/twinning/").values()
    assert typo_of(written, known) == meant


def test_closest_term_compares_local_names() -> None:
    terms = [TW + name for name in ("startDate", "City", "city", "name", "homeCity")]
    assert closest_term(TW + "startdate", terms) == TW + "startDate"
    assert closest_term(TW + "homecity", terms) == TW + "homeCity"
    assert closest_term(TW + "wikidataItem", terms) is None  # not "city", for the shared IRI


@pytest.mark.parametrize(
    ("lexical", "datatype", "hint"),
    [
        ("1961-13-45", DATE, DATE_HINT),
        ("1961-02-30", DATE, DATE_HINT),
        ("24.10.1961", DATE, DATE_HINT),
        ("1961-10-24", YEAR, DATE_HINT),
        ("1961-13", YEAR_MONTH, DATE_HINT),
        ("1961-10-24", DATE, None),
        ("1961-10", YEAR_MONTH, None),
        ("1961", YEAR, None),
        ("1961", STRING, None),
    ],
)
def test_date_hint(lexical: str, datatype: URIRef, hint: object) -> None:
    assert date_hint(Literal(lexical, datatype=datatype)) == hint


def test_values_are_named_as_people_write_them() -> None:
    namer = Namer(PREFIXES)
    assert namer.term(Literal("1961-13-45", datatype=DATE)) == '"1961-13-45" (xsd:date)'
    assert namer.term(Literal("Foo", lang="de")) == '"Foo"@de'
    assert namer.term(Literal('say "hi"')) == '"say \\"hi\\""'


def test_a_report_of_namespace_typos_alone_counts_no_resource() -> None:
    typo = Finding("Violation", "", "", "", "the prefix tw: is …", ("data/x.ttl, line 1",), "")
    assert Report([typo]).summary() == "SHACL: 1 violation."
