"""The Osnabrück publication's own expectations: its cities, relations, dates, claims and query
answers as the facts dossier gives them. They run when the project under test is the Osnabrück
publication (the repository's, unless ``LOD_PROJECT_DIR`` names another project) and are skipped,
with the reason, for any other city: the rules every publication must meet are checked in
``tests/test_data_conformance.py`` and ``tests/test_queries.py``."""

from __future__ import annotations

import pytest

from lod_projects import OSNABRUECK_SLUG, Project


@pytest.fixture(scope="session", autouse=True)
def osnabrueck(project_under_test: Project) -> Project:
    if not project_under_test.is_osnabrueck:
        pytest.skip(
            f"the project under test ({project_under_test.root}) publishes "
            f"{project_under_test.slug}, not {OSNABRUECK_SLUG}: these are the Osnabrück "
            "publication's own expectations"
        )
    return project_under_test
