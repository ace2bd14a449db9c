"""lod: a linked-open-data publisher for city twinning."""

from __future__ import annotations

__version__ = "0.1.0"
