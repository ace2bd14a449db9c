"""Named queries: ``queries/*.rq`` files whose leading comment carries a title and description.

The header is the comment block before the first line of SPARQL, one ``key@lang: text`` per
line; a following comment line without a key continues the previous value::

    # title@en: Partner cities of Osnabrück
    # title@de: Partnerstädte Osnabrücks
    # description@en: Every city Osnabrück is twinned with,
    #   with the year the relation began.
    # description@de: Alle Partnerstädte Osnabrücks mit dem Jahr des Beginns.
    PREFIX tw: <https://w3id.org/twinning/ontology/>
    SELECT ...

Also accepted: ``title (de):``, ``title[de]:``, ``title_de:``, a grlc-style ``#+`` and a
``key:`` without a language (then it serves every language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lod.errors import LodError

_KEYED = re.compile(
    r"^#\+?\s*(?P<key>[A-Za-z]+)\s*(?:[@_]\s*(?P<l1>[A-Za-z-]+)|[(\[]\s*(?P<l2>[A-Za-z-]+)\s*[)\]])?"
    r"\s*:\s*(?P<text>.*)$"
)
_KNOWN_KEYS = ("title", "description")
_INDENTED = re.compile(r"^#\+?\s{2,}\S")


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its name (the file stem), text, and per-language title/description."""

    name: str
    path: Path
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        return _pick(self.titles, lang) or self.name

    def description(self, lang: str) -> str:
        return _pick(self.descriptions, lang)


def parse_header(text: str) -> dict[str, dict[str, str]]:
    """``{"title": {"en": ..., "de": ...}, "description": {...}}`` from the leading comments.

    A value without a language is stored under ``""``.
    """
    found: dict[str, dict[str, str]] = {key: {} for key in _KNOWN_KEYS}
    current: tuple[str, str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        match = _KEYED.match(line)
        if current and _INDENTED.match(line):
            match = None  # an indented line continues the value, even if it reads "owl:sameAs"
        if match and match.group("key").lower() in _KNOWN_KEYS:
            key, lang = match.group("key").lower(), (match.group("l1") or match.group("l2") or "")
            current = (key, lang.lower())
            found[key][current[1]] = match.group("text").strip()
        elif current and not match:
            extra = line.lstrip("#+").strip()
            if extra:
                key, lang = current
                found[key][lang] = f"{found[key][lang]} {extra}".strip()
        else:
            current = None  # another keyed line (e.g. "# endpoint: ...") ends a value
    return found


def load_named_query(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LodError(f"{path}: cannot read the query ({error})") from error
    header = parse_header(text)
    return NamedQuery(path.stem, path, text, header["title"], header["description"])


def list_named_queries(directory: Path) -> list[NamedQuery]:
    """Every ``*.rq`` in ``directory``, sorted by name; an absent directory gives none."""
    if not directory.is_dir():
        return []
    return [load_named_query(path) for path in sorted(directory.glob("*.rq"))]


def find_named_query(directory: Path, name: str) -> NamedQuery | None:
    path = directory / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        return None
    return load_named_query(path)


def _pick(values: dict[str, str], lang: str) -> str:
    """The value in ``lang``, else the language-less one, else English, else any."""
    for candidate in (lang, "", "en"):
        if values.get(candidate):
            return values[candidate]
    return next((v for v in values.values() if v), "")
