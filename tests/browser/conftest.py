"""The browser tests reuse the publication fixtures of tests/web."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "web"))
