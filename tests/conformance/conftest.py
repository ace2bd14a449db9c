"""The W3C suite lives beside the repository in ../shared; without it these tests skip."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # w3c_suite
sys.path.insert(0, str(Path(__file__).parents[1] / "web"))  # lod_test_backends
