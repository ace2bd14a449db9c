"""The build: load → validate (SHACL) → derive → write the publication (see docs/model.md).

``lod validate`` and ``lod build`` (in :mod:`lod.publisher.commands`) are thin shells around
:func:`lod.publisher.pipeline.validate_sources` and
:func:`lod.publisher.pipeline.build_publication`.
"""

from __future__ import annotations
