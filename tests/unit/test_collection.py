"""Every ``tests/**/test_*.py`` is collected: pytest silently skips folders named ``build``,
``dist``, ``venv``, ``node_modules`` and dotted ones, and a file it never collects never fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_every_test_file_is_collected(repo_root: Path) -> None:
    files = {
        path.relative_to(repo_root).as_posix() for path in (repo_root / "tests").rglob("test_*.py")
    }
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    collected = {line.split("::")[0] for line in out.splitlines() if "::" in line}
    assert files, "no test files found under tests/"
    assert files - collected == set(), f"never collected: {sorted(files - collected)}"


def test_no_test_folder_has_a_name_pytest_skips(repo_root: Path) -> None:
    skipped = {"build", "dist", "venv", "node_modules", "CVS", "_darcs", "{arch}"}
    folders = [p for p in (repo_root / "tests").rglob("*") if p.is_dir()]
    bad = [str(p) for p in folders if p.name in skipped or p.name.startswith(".")]
    bad = [b for b in bad if "__pycache__" not in b]
    assert bad == []
