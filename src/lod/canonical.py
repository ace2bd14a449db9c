"""Canonical RDF: blank-node labels from content (RDFC-1.0), triples in a fixed order.

The dumps, the documents and their JSON-LD all come out of here, so the same graph always has
the same bytes and the same blank-node labels (``_:c14n0``…), whichever process, store or
worker produced it: labels a store gives blank nodes on loading are random.
Only the triples that touch a blank node are canonicalised: they alone decide the labels.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

NT = ox.RdfFormat.N_TRIPLES


def canonical_ntriples(source: bytes, derived: Iterable[ox.Triple] = ()) -> bytes:
    """Sorted, de-duplicated N-Triples of ``source`` (N-Triples) plus ``derived``, blank nodes
    relabelled with RDFC-1.0 (``_:c14n0``...).

    Only the lines that mention a blank node are canonicalised: they alone decide the labels.
    """
    lines = set(source.splitlines())
    lines.update((ox.serialize(list(derived), format=NT) or b"").splitlines())
    lines.discard(b"")
    blank = {line for line in lines if _has_blank_node(line)}
    if blank:
        lines -= blank
        dataset = ox.Dataset(ox.parse(b"\n".join(blank), format=NT))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        lines.update((ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b"").splitlines())
    if not lines:
        return b""
    ordered = sorted(lines)
    del lines  # at a million triples every copy of the lines is a few hundred MB
    return b"\n".join(ordered) + b"\n"


def _has_blank_node(line: bytes) -> bool:
    """Whether an N-Triples line has a blank node subject or object.

    The object is the last token before the final " ."; a literal's last token ends in ``"``,
    ``"@lang`` or ``"^^<...>``, so a token starting with ``_:`` and holding no quote is a label.
    """
    if line.startswith(b"_:"):
        return True
    tokens = line.rsplit(b" ", 2)
    return len(tokens) == 3 and tokens[1].startswith(b"_:") and b'"' not in tokens[1]


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """``triples`` without repeats, blank nodes relabelled with RDFC-1.0, in N-Triples order."""
    ntriples = canonical_ntriples(ox.serialize(list(triples), format=NT) or b"")
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(ntriples, format=NT)]
