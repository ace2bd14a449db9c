"""docs/spreadsheets.md and the README describe every file and column the reader knows."""

from __future__ import annotations

from pathlib import Path

from lod.sheets.schema import columns_markdown


def test_spreadsheets_doc_lists_every_column(repo_root: Path) -> None:
    doc = (repo_root / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    assert doc.rstrip().endswith(columns_markdown().rstrip())


def test_readme_points_to_the_spreadsheets(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "docs/spreadsheets.md" in readme
