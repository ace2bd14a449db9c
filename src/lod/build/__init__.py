"""The build: load → validate (SHACL) → derive → write the publication (see docs/model.md).

``lod validate`` and ``lod build`` (in :mod:`lod.build.commands`) are thin shells around
:func:`lod.build.pipeline.validate_sources` and :func:`lod.build.pipeline.build_publication`.
"""

from __future__ import annotations
