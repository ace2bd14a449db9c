"""The SHACL engine: pyshacl-turbo where it is installed, else pyshacl on one core or on two.

pyshacl-turbo (a Rust engine with pyshacl's API and results graph) validates the sources'
N-Triples as parsed natively, with no rdflib copy of the data: at a million triples that is
about 25 s and 0.8 GiB where pyshacl took about 100 s on two processes and an rdflib graph.
Both give the same findings on every shape example and on a generated graph with injected
violations (tests/shapes/test_engine_parity.py), so the report has one code path,
:mod:`lod.publisher.shacl`, whichever engine ran.

For pyshacl: a SHACL report is the union, over the shapes that have targets, of the results of
validating each shape's focus nodes. So the targeted shapes can be split into two groups, each
validated in its own process against the whole data graph (the other group's target triples
removed from its copy of the shapes; shapes reached through sh:node and the like stay,
untargeted), and the two result graphs merged: the same report as one run, in about half the
wall time on two cores. pyshacl spends its time per focus node in Python.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor

import pyoxigraph as ox
import pyshacl
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from lod.publisher.pyshacltune import fast_parameter_lookup
from lod.publisher.sources import Sources
from lod.publisher.sparqlcache import cached_sparql
from lod.publisher.terms import fill_graph

TURBO = "pyshacl-turbo"
PYSHACL = "pyshacl"
# From this many data triples on, pyshacl runs on two processes.
PARALLEL_TRIPLES = 50_000
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
CLASS_TYPES = (RDFS.Class, OWL.Class)


def default_engine() -> str:
    """pyshacl-turbo if it is installed (a wheel exists for the common platforms), else pyshacl."""
    return TURBO if importlib.util.find_spec("pyshacl_turbo") is not None else PYSHACL


def validate_sources(
    sources: Sources, shapes: Graph, engine: str, parallel_from: int = PARALLEL_TRIPLES
) -> Graph:
    """The results graph of ``engine`` over the sources (ontology + data)."""
    if engine == TURBO:
        # Decoded here, so that the bytes are freed before the engine runs (an argument would
        # live on in this frame until the call returns): 160 MB less at a million triples.
        return run_turbo(sources.ntriples().decode(), shapes)
    if engine != PYSHACL:
        raise ValueError(f"unknown SHACL engine {engine!r} (known: {TURBO}, {PYSHACL})")
    data = fill_graph(Graph(), sources.quads())
    ntriples = sources.ntriples() if len(data) >= parallel_from else None
    return validate_graph(data, shapes, ntriples)


def run_turbo(ntriples: str, shapes: Graph) -> Graph:
    """pyshacl-turbo's results graph for the data given as N-Triples.

    Handed over as pyshacl-turbo's own ``Input`` (what it makes of a pyoxigraph Store): parsed in
    Rust, literals exactly as written (a Store would normalise them, and sh:datatype sees that),
    blank node labels kept, so that a blank focus node names the source's node. Any other input
    would first become an rdflib graph, the cost this engine is here to avoid.
    """
    import pyshacl_turbo
    from pyshacl_turbo.rdf import Input

    data = Input(ntriples, "nt", None, {}, preserve_ids=True)
    _conforms, results, _text = pyshacl_turbo.compile_shapes(shapes).validate(
        data, allow_warnings=True, allow_infos=True
    )
    assert isinstance(results, Graph)
    return results


def run_pyshacl(data: Graph, shapes: Graph) -> Graph:
    """pyshacl's results graph (warnings and infos do not count as failures)."""
    fast_parameter_lookup()  # see lod.publisher.pyshacltune: ~20 % off the gate at 100k triples
    with cached_sparql():  # see lod.publisher.sparqlcache: 6x faster with SHACL-SPARQL constraints
        _conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=copy(shapes),  # pyshacl adds RDFS/OWL axioms to the graph it is given
            inference="none",  # the ontology's subClassOf triples are in the data graph already
            allow_warnings=True,
            allow_infos=True,
        )
    assert isinstance(results, Graph)
    return results


def copy(graph: Graph, leave_out: Iterable[tuple[Node, Node, Node]] = ()) -> Graph:
    skip = set(leave_out)
    result = Graph()
    for triple in graph:
        if triple not in skip:
            result.add(triple)
    return result


def targeted_shapes(shapes: Graph) -> dict[Node, list[tuple[Node, Node, Node]]]:
    """Each shape that selects focus nodes → the triples that make it do so."""
    found: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for predicate in TARGETS:
        for shape, target in shapes.subject_objects(predicate):
            found.setdefault(shape, []).append((shape, predicate, target))
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        for cls in CLASS_TYPES:  # implicit class targets: a shape that is also a class
            if (shape, RDF.type, cls) in shapes:
                found.setdefault(shape, []).append((shape, RDF.type, cls))
    return found


def split_shapes(shapes: Graph, data: Graph) -> tuple[Graph, Graph] | None:
    """Two copies of ``shapes``, each keeping the targets of about half the work."""
    targeted = targeted_shapes(shapes)
    if len(targeted) < 2:
        return None
    weights = {shape: _cost_estimate(shapes, data, shape) for shape in targeted}
    groups: tuple[list[Node], list[Node]] = ([], [])
    loads = [0, 0]
    for shape in sorted(targeted, key=lambda s: (-weights[s], str(s))):  # greedy: heaviest first
        lighter = 0 if loads[0] <= loads[1] else 1
        groups[lighter].append(shape)
        loads[lighter] += weights[shape]
    first = copy(shapes, (t for shape in groups[1] for t in targeted[shape]))
    second = copy(shapes, (t for shape in groups[0] for t in targeted[shape]))
    return first, second


def _cost_estimate(shapes: Graph, data: Graph, shape: Node) -> int:
    """Roughly what validating ``shape`` costs: its focus nodes (instances of its target
    classes) times its property shapes, at least 1. Measured per shape at 100k triples, seconds
    follow this within a factor of three, where focus nodes alone were off by ten (a relation
    has 17 property shapes, a signature 5)."""
    classes = [c for c in shapes.objects(shape, SH.targetClass)]
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.append(shape)
    focus = sum(1 for cls in classes for _ in data.subjects(RDF.type, cls))
    properties = sum(1 for _ in shapes.objects(shape, SH.property))
    return max(focus * max(properties, 1), 1)


def validate_graph(data: Graph, shapes: Graph, ntriples: bytes | None = None) -> Graph:
    """The results graph; on two processes when ``ntriples`` (the data) is given and it pays."""
    halves = split_shapes(shapes, data) if ntriples is not None else None
    if halves is None or ntriples is None:
        return run_pyshacl(data, shapes)
    spawn = multiprocessing.get_context("spawn")  # the parent holds a pyoxigraph store
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        # Blank nodes cross the process boundary skolemised, so their ids survive: the worker's
        # results then name the same focus nodes and property shapes as this process's.
        other = pool.submit(validate_in_worker, ntriples, _to_text(halves[1]))
        results = run_pyshacl(data, halves[0])
        worker_results = _from_text(other.result())
    for triple in worker_results:
        results.add(triple)
    return results


def validate_in_worker(ntriples: bytes, shapes_nt: str) -> str:
    """Run in the second process: rebuild the data graph and validate against the shapes."""
    data = fill_graph(Graph(), ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    return _to_text(run_pyshacl(data, _from_text(shapes_nt)))


def _to_text(graph: Graph) -> str:
    return graph.skolemize().serialize(format="nt")


def _from_text(text: str) -> Graph:
    return Graph().parse(data=text, format="nt").de_skolemize()
