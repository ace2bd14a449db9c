"""Misspelt names in the sources: terms the ontology does not define, namespaces one typo away
from a known one. SHACL alone lets both pass: a shape only looks at the classes and properties
it names, so ``a tw:Cty`` or ``tw:startdate`` is simply never looked at.

Two checks, both cheap on a big graph (about 0.4 s and 0.3 s at 1.1 million triples):

- *Unknown terms*: the distinct predicates and rdf:type classes of the store (one SPARQL query)
  that lie in the ontology's namespace but are not defined there, with the closest term the
  ontology has (difflib) as a suggestion.
- *Namespace typos*: the namespaces each Turtle file declares with ``@prefix``/``PREFIX``, and
  those of the full ``<IRI>`` it writes, that are a small edit distance away from a known one
  (lod's prefix table, which holds the ontology's and the project's ``id/…/`` namespaces). A
  full IRI is only compared with the project's own namespaces: a web page cited as a source
  may well sit one letter away from a vocabulary.

Everything that names the place (file, line, the subject of the first use) runs only for the
mistakes found.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from lod.errors import display_path
from lod.namespaces import DEFAULT_BASE_IRI, TW
from lod.publisher.sources import SourceFile, Sources
from lod.sheets.problems import Place
from lod.uris import rebase

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
CLASS_KINDS = (f"{_OWL}Class", f"{_RDFS}Class")
PROPERTY_KINDS = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
    f"{_OWL}ObjectProperty",
    f"{_OWL}DatatypeProperty",
    f"{_OWL}AnnotationProperty",
)

# Predicates and classes in use: the store's SPO and POS scans, no loop in Python.
_USED = f"""SELECT DISTINCT ?term ?asClass WHERE {{
  {{ ?s ?term ?o BIND(false AS ?asClass) }} UNION {{ ?s <{RDF_TYPE}> ?term BIND(true AS ?asClass) }}
}}"""
_DEFINED = f"""SELECT DISTINCT ?term ?kind WHERE {{
  VALUES ?kind {{ {" ".join(f"<{k}>" for k in (*CLASS_KINDS, *PROPERTY_KINDS))} }}
  ?term <{RDF_TYPE}> ?kind
}}"""

# A prefix declaration: "@prefix tw: <…> ." or "PREFIX tw: <…>". Two literal-led patterns, as a
# regex that starts with an alternation scans a big file seven times slower.
_DECLARED = r"[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^<>\s]*)>"
_DECLARATIONS = (re.compile("prefix" + _DECLARED), re.compile("PREFIX" + _DECLARED))
# The namespace of a full IRI: up to its last "/" or "#".
_NAMESPACE_OF_IRI = re.compile(r"<([A-Za-z][\w+.-]*:[^<>\s\"]*[/#])[^<>\s\"/#]*>")
_SEPARATORS = "/#:."


@dataclass(frozen=True)
class TermMistake:
    """One misspelt name, located: ``en``/``de`` say what is wrong and what was meant."""

    en: str
    de: str
    place: str  # "data/extra.ttl, line 5", or file, row and column of a CSV file
    resource: str | None = None  # IRI of the subject of the first use (unknown terms)
    predicate: str | None = None  # IRI: the unknown property, or rdf:type
    value: str | None = None  # IRI: the unknown class
    namespace: bool = False  # a namespace typo: every name written with it is wrong


@dataclass(frozen=True)
class Declaration:
    prefix: str | None  # "" for "@prefix : <…>"; None for a namespace written in full IRIs
    namespace: str
    line: int


def find_mistakes(
    sources: Sources, prefixes: Mapping[str, str], name: Callable[[str], str]
) -> list[TermMistake]:
    """Namespace typos, then unknown terms; ``prefixes`` is lod's prefix table rebased to the
    project's base IRI (its ``tw:`` is the ontology namespace), ``name`` makes CURIEs."""
    vocabulary = Vocabulary.of(sources.store, prefixes)
    return [*namespace_typos(sources, vocabulary), *unknown_terms(sources, vocabulary, name)]


@dataclass(frozen=True)
class Vocabulary:
    """What the sources may name: the ontology's terms and the known namespaces."""

    ontology: str  # the ontology namespace, under the project's base IRI
    base_iri: str
    classes: frozenset[str]
    properties: frozenset[str]
    namespaces: frozenset[str]  # as the store has them (rebased)

    @classmethod
    def of(cls, store: ox.Store, prefixes: Mapping[str, str]) -> Vocabulary:
        ontology = prefixes.get("tw", str(TW))
        # ontology_ns(base) is base + "ontology/" (lod.namespaces): the prefix table is the one
        # place that knows the base here.
        base_iri = ontology.removesuffix("ontology/")
        classes: set[str] = set()
        properties: set[str] = set()
        for solution in store.query(_DEFINED):  # type: ignore[union-attr]
            term, kind = solution["term"].value, solution["kind"].value
            (classes if kind in CLASS_KINDS else properties).add(term)
        namespaces = frozenset(prefixes.values()) | {ontology}
        return cls(ontology, base_iri, frozenset(classes), frozenset(properties), namespaces)

    def written(self) -> dict[str, str]:
        """Each known namespace as a source file may write it → as the store has it: files
        are written against the default base and rebased when they are read."""
        forms = {ns: ns for ns in self.namespaces}
        for ns in self.namespaces:
            forms.setdefault(rebase(ns, DEFAULT_BASE_IRI, self.base_iri), ns)
        return forms

    def own(self, namespace: str) -> bool:
        return namespace.startswith((self.base_iri, DEFAULT_BASE_IRI))


# --- unknown terms ----------------------------------------------------------------------------


def unknown_terms(
    sources: Sources, vocabulary: Vocabulary, name: Callable[[str], str]
) -> list[TermMistake]:
    found = []
    for term, as_class in sorted(used_terms(sources.store, vocabulary.ontology)):
        known = vocabulary.classes if as_class else vocabulary.properties
        if term in known:
            continue
        en, de = _unknown_message(term, as_class, vocabulary, name)
        predicate, value = (RDF_TYPE, term) if as_class else (term, None)
        # Only the sources' own: the store also holds what lod's rules derived (in a build).
        for source in _files_using(sources.files, term):
            resource, place = _first_use(source, term, as_class, vocabulary)
            found.append(TermMistake(en, de, place, resource, predicate, value))
    return found


def used_terms(store: ox.Store, namespace: str) -> set[tuple[str, bool]]:
    """(IRI, used as a class) of every predicate and rdf:type class in ``namespace``."""
    used = set()
    for solution in store.query(_USED):  # type: ignore[union-attr]
        term = solution["term"]
        if isinstance(term, ox.NamedNode) and term.value.startswith(namespace):
            used.add((term.value, solution["asClass"].value == "true"))
    return used


def _unknown_message(
    term: str, as_class: bool, vocabulary: Vocabulary, name: Callable[[str], str]
) -> tuple[str, str]:
    known = vocabulary.classes if as_class else vocabulary.properties
    other = vocabulary.properties if as_class else vocabulary.classes
    if term in other:  # defined, but as the other kind: "a tw:city", or "tw:City <…>"
        en = f"{name(term)} is a {'property' if as_class else 'class'} of the lod ontology, "
        en += f"not a {'class' if as_class else 'property'}"
        de = f"{name(term)} ist {'eine Eigenschaft' if as_class else 'eine Klasse'} der "
        de += f"lod-Ontologie, {'keine Klasse' if as_class else 'keine Eigenschaft'}"
    else:
        en = f"{name(term)} is not a term of the lod ontology"
        de = f"{name(term)} ist kein Begriff der lod-Ontologie"
    meant = closest_term(term, known)
    if meant is None:
        return en + ".", de + "."
    return f"{en} — did you mean {name(meant)}?", f"{de} – meinten Sie {name(meant)}?"


def closest_term(term: str, terms: Iterable[str]) -> str | None:
    """The term ``term`` was most likely meant to be, compared by local name: the same but for
    case, else the closest by difflib's ratio, at least 0.75 ("startdate" → "startDate",
    "Cty" → "City", "foo" → none)."""
    by_name = {_local(candidate): candidate for candidate in sorted(terms)}
    name = _local(term)
    for candidate in by_name:
        if candidate.lower() == name.lower():
            return by_name[candidate]
    matches = difflib.get_close_matches(name, by_name, n=1, cutoff=0.75)
    return by_name[matches[0]] if matches else None


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _files_using(files: Iterable[SourceFile], term: str) -> list[SourceFile]:
    needle = f"<{term}>".encode()
    return [source for source in files if needle in source.ntriples]


def _first_use(
    source: SourceFile, term: str, as_class: bool, vocabulary: Vocabulary
) -> tuple[str | None, str]:
    """(subject of the first triple using ``term``, the place: line in Turtle, row in CSV)."""
    wanted: object = (
        (ox.NamedNode(RDF_TYPE), ox.NamedNode(term)) if as_class else ox.NamedNode(term)
    )
    subject = None
    for quad in source.quads:
        if ((quad.predicate, quad.object) if as_class else quad.predicate) == wanted:
            subject = quad.subject
            break
    resource = subject.value if isinstance(subject, ox.NamedNode) else None
    row = source.rows.get(subject) if subject is not None else None  # type: ignore[arg-type]
    if row is not None:
        column = None if as_class else row.columns.get(term)
        return resource, Place(display_path(source.path), row.row, column).en()
    line = _first_line(source.path, term, vocabulary)
    where = display_path(source.path)
    return resource, f"{where}, line {line}" if line else where


def _first_line(path: Path, term: str, vocabulary: Vocabulary) -> int | None:
    """The line of the first use of ``term`` in the Turtle file, as a CURIE of one of the
    file's prefixes or as a full IRI (comment lines skipped); None if not found this way."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    spellings = {f"<{term}>", f"<{rebase(term, DEFAULT_BASE_IRI, vocabulary.base_iri)}>"}
    for declared in declarations(text):
        namespace = rebase(declared.namespace, vocabulary.base_iri)
        if term.startswith(namespace) and len(term) > len(namespace):
            spellings.add(f"{declared.prefix}:{term[len(namespace) :]}")
    alternatives = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.:-])(?:{alternatives})(?![\w-]|\.[\w-])")
    for match in pattern.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if not text[start : match.start()].lstrip().startswith("#"):
            return text.count("\n", 0, match.start()) + 1
    return None


# --- namespace typos --------------------------------------------------------------------------


def declarations(text: str) -> list[Declaration]:
    """The prefix declarations of a Turtle text, in order (``@prefix`` and ``PREFIX``)."""
    found = []
    for pattern in _DECLARATIONS:
        for match in pattern.finditer(text):
            before = text[match.start() - 1 : match.start()]
            if before in {"", "@", " ", "\t", "\n", "\r"}:
                line = text.count("\n", 0, match.start()) + 1
                found.append(Declaration(match[1] or "", match[2], line))
    return sorted(found, key=lambda d: d.line)


def namespace_typos(sources: Sources, vocabulary: Vocabulary) -> list[TermMistake]:
    written = vocabulary.written()
    own = [form for form, ns in written.items() if vocabulary.own(ns)]
    # Per namespace, not per file: a big project repeats the same few in hundreds of files.
    typos = _Typos(
        functools.cache(lambda ns: typo_of(ns, written)),
        functools.cache(lambda ns: typo_of(ns, own)),
    )
    found = []
    for source in sources.files:
        if source.path.suffix != ".ttl":
            continue  # the IRIs of a spreadsheet are made by lod, not typed
        found += _file_typos(source, vocabulary, typos)
    return found


@dataclass(frozen=True)
class _Typos:
    declared: Callable[[str], str | None]  # any known namespace
    in_full: Callable[[str], str | None]  # the project's own namespaces only


def _file_typos(source: SourceFile, vocabulary: Vocabulary, typos: _Typos) -> list[TermMistake]:
    try:
        text = source.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # parsed a moment ago; a file that vanished since is not a typo
    found = []
    declared = declarations(text)
    reported = set()
    for declaration in declared:
        meant = typos.declared(declaration.namespace)
        if meant is not None and declaration.namespace not in reported:
            reported.add(declaration.namespace)
            found += _typo(source, declaration.namespace, meant, declaration, vocabulary)
    in_full = set(_NAMESPACE_OF_IRI.findall(text)) - {d.namespace for d in declared}
    for namespace in sorted(in_full):
        meant = typos.in_full(namespace)
        if meant is not None:
            where = Declaration(None, namespace, _first_line_with(text, "<" + namespace))
            found += _typo(source, namespace, meant, where, vocabulary)
    return found


def _typo(
    source: SourceFile, namespace: str, meant: str, where: Declaration, vocabulary: Vocabulary
) -> list[TermMistake]:
    uses = source.ntriples.count(b"<" + rebase(namespace, vocabulary.base_iri).encode())
    if not uses:
        return []  # declared and never used: harmless
    times_en = "1 time" if uses == 1 else f"{uses} times"
    if where.prefix is not None:
        en = f"The prefix {where.prefix}: is <{namespace}>"
        de = f"Das Präfix {where.prefix}: ist <{namespace}>"
    else:
        en = f"<{namespace}> is not a namespace lod knows"
        de = f"<{namespace}> ist kein Namensraum, den lod kennt"
    en += f" — did you mean <{meant}>? (used {times_en}) Other findings may follow from it."
    de += f" – meinten Sie <{meant}>? ({uses}-mal verwendet) Weitere Meldungen können "
    de += "daraus folgen."
    place = f"{display_path(source.path)}, line {where.line}"
    return [TermMistake(en, de, place, namespace=True)]


def _first_line_with(text: str, needle: str) -> int:
    return text.count("\n", 0, max(text.find(needle), 0)) + 1


def typo_of(namespace: str, known: Iterable[str]) -> str | None:
    """The known namespace that ``namespace`` is a typo of, if any: not known itself, not a
    namespace under a known one (``…/id/city/x/``) or above it (``…/id/``), and at most one
    edit away from it (two within a word of six letters or more: "ontologie" → "ontology",
    but not "oa" → "org")."""
    known = sorted(known)
    if namespace in known:
        return None
    best: tuple[int, str] | None = None
    for candidate in known:
        if namespace.startswith(candidate) or (
            candidate.startswith(namespace) and namespace[-1:] in ("/", "#")
        ):
            continue
        distance = _typo_distance(namespace, candidate)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _typo_distance(written: str, meant: str) -> int | None:
    """The edit distance if it is small enough to be a typo (see :func:`typo_of`), else None."""
    start = 0
    while start < min(len(written), len(meant)) and written[start] == meant[start]:
        start += 1
    end = 0
    while (
        end < min(len(written), len(meant)) - start
        and written[len(written) - 1 - end] == meant[len(meant) - 1 - end]
    ):
        end += 1
    a, b = written[start : len(written) - end], meant[start : len(meant) - end]
    word = _word_around(meant, start, len(meant) - end)
    limit = 2 if len(word) >= 6 else 1
    if abs(len(a) - len(b)) > limit:
        return None
    distance = levenshtein(a, b)
    return distance if distance <= limit else None


def _word_around(text: str, start: int, end: int) -> str:
    """The part of ``text`` between separators that holds ``text[start:end]``."""
    left = max(text.rfind(s, 0, start) for s in _SEPARATORS) + 1
    rights = [i for i in (text.find(s, end) for s in _SEPARATORS) if i >= 0]
    return text[left : min(rights, default=len(text))]


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]
