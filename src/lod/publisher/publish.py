"""Writing dist/ atomically: build into a temporary directory beside it, then swap.

A failed build removes its temporary directory and leaves the previous dist/ as it was. The swap
is two renames on the same file system (old dist/ aside, new one in place); if the second fails,
the first is undone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lod.errors import LodError


@contextmanager
def staging_dir(dist: Path) -> Iterator[Path]:
    """A fresh directory beside ``dist``; removed on error, else swapped into place on exit."""
    if dist.exists() and not dist.is_dir():
        raise LodError(f"{dist}: exists and is not a directory")
    dist.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dist.name}.build-", dir=dist.parent))
    try:
        yield staging
        swap_into_place(staging, dist)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(staging: Path, dist: Path) -> None:
    os.chmod(staging, 0o755)  # mkdtemp makes it 0700; dist/ is meant to be served
    if not dist.exists():
        os.rename(staging, dist)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dist.name}.old-", dir=dist.parent))
    os.rmdir(old)  # only the unique name is wanted: rename needs the target to be absent
    os.rename(dist, old)
    try:
        os.rename(staging, dist)
    except BaseException:
        os.rename(old, dist)
        raise
    shutil.rmtree(old, ignore_errors=True)
