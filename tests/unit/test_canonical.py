"""Canonical N-Triples: sorted, without repeats, blank nodes labelled from their content."""

from __future__ import annotations

import pyoxigraph as ox

from lod.canonical import canonical_ntriples

A = b'<http://example.org/a> <http://example.org/p> "x" .\n'
B = b"<http://example.org/b> <http://example.org/p> _:whatever .\n"
C = b'_:whatever <http://example.org/q> "1" .\n'


def test_lines_are_sorted_without_repeats_and_end_with_a_newline() -> None:
    out = canonical_ntriples(B + C + A + A)
    lines = out.splitlines()
    assert lines == sorted(lines) and len(lines) == 3 and out.endswith(b"\n")
    assert A.rstrip(b"\n") in lines


def test_blank_node_labels_come_from_content_not_from_the_source() -> None:
    renamed = B.replace(b"_:whatever", b"_:other") + C.replace(b"_:whatever", b"_:other")
    assert canonical_ntriples(B + C) == canonical_ntriples(renamed)
    assert b"_:c14n0" in canonical_ntriples(B + C)


def test_derived_triples_join_the_source() -> None:
    derived = ox.Triple(
        ox.NamedNode("http://example.org/z"), ox.NamedNode("http://example.org/p"), ox.Literal("d")
    )
    out = canonical_ntriples(A, [derived])
    assert out == A + b'<http://example.org/z> <http://example.org/p> "d" .\n'


def test_nothing_in_nothing_out() -> None:
    assert canonical_ntriples(b"") == b""
