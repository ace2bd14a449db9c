"""The web layer: the app factory, the SPARQL endpoint and the linked-data pages."""

from __future__ import annotations

from lod.web.app import create_app

__all__ = ["create_app"]
