"""What lod reads from a SPARQL text before any engine sees it: how deep it nests, which
operation it holds (a query, an update, or none at all), and the endpoints of its SERVICE calls.

A tokenizer, not a parser: it knows strings, IRIs, comments, variables and prefixed names, so
the word "service" in a string, an IRI or a comment is not a SERVICE call, and it accepts every
form the engine may accept (SPARQL 1.2's triple terms, LATERAL, ...), in one linear pass over
the text. The engine's own parser still decides whether the query is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][^\s{}()\[\];,.]+)
    | (?P<word>[^\s{}()\[\];,."'<>\#?$=!&|+*/^@]+)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# SPARQL 1.1 §19.2: \u and \U escapes are replaced before parsing, keywords included.
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass
class QueryText:
    """What one pass over a SPARQL text found."""

    depth: int = 0  # deepest nesting of { ( [
    operation: str | None = None  # "query", "update", or None: only a prologue and comments
    services: list[str | None] = field(default_factory=list)  # IRIs; None for a variable


def read_query_text(sparql: str) -> QueryText:
    """One pass over ``sparql`` (code point escapes replaced first, as the grammar says)."""
    tokens = significant_tokens(sparql)
    found = QueryText(depth=_depth(tokens))
    prefixes: dict[str, str] = {}
    base = ""  # relative IRIs resolve against the last BASE before them
    for i, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        keyword = value.upper()
        if found.operation is None and keyword in QUERY_FORMS:
            found.operation = "query"
        elif found.operation is None and keyword in UPDATE_FORMS:
            found.operation = "update"
        elif keyword == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            base = urljoin(base, tokens[i + 1][1][1:-1])
        elif keyword == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1]] = urljoin(base, tokens[i + 2][1][1:-1])
        elif keyword == "SERVICE":
            endpoint = _endpoint(tokens[i + 1 :], prefixes)
            found.services.append(urljoin(base, endpoint) if endpoint else None)
    return found


def significant_tokens(sparql: str) -> list[tuple[str, str]]:
    """(kind, text) of every token but spaces and comments."""
    return [
        (match.lastgroup or "other", match.group())
        for match in _TOKEN.finditer(unescape_codepoints(sparql))
        if match.lastgroup not in ("space", "comment")
    ]


def _depth(tokens: list[tuple[str, str]]) -> int:
    level = deepest = 0
    for kind, _value in tokens:
        if kind == "open":
            level += 1
            deepest = max(deepest, level)
        elif kind == "close":
            level = max(0, level - 1)
    return deepest


def _endpoint(after: list[tuple[str, str]], prefixes: dict[str, str]) -> str | None:
    """The endpoint named after SERVICE [SILENT]; None for a variable or anything unknown."""
    if after and after[0][0] == "word" and after[0][1].upper() == "SILENT":
        after = after[1:]
    if not after:
        return None
    kind, value = after[0]
    if kind == "iri":
        return value[1:-1]
    prefix, colon, local = value.partition(":")
    if kind == "word" and colon and prefix + ":" in prefixes:
        return prefixes[prefix + ":"] + local
    return None


def unescape_codepoints(sparql: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:  # beyond Unicode: left for the engine's parser to reject
            return match.group(0)

    return _CODEPOINT_ESCAPE.sub(replace, sparql)
