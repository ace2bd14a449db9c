"""The app serves a publication under the name and base IRI it was built with, whatever the
directory (and so the project settings) the server was started from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lod.config import Settings
from lod.web.app import as_published, create_app
from lod.web.served import read_manifest
from lod_projects import Project


def test_a_publication_served_from_elsewhere_keeps_its_name(
    init_project: Project, build_project: Callable[[Project], Path]
) -> None:
    dist = build_project(init_project)
    manifest = read_manifest(dist)
    default = Settings()  # Osnabrück's name: what a server started outside the project has
    assert manifest["slug"] != default.dataset_slug
    app = create_app(settings=default.replace(dist_dir=dist, reload_interval=0))
    try:
        settings = app.extensions["lod"].settings
        assert (settings.dataset_slug, settings.base_iri) == (
            manifest["slug"],
            manifest["base_iri"],
        )
        home = app.test_client().get("/", headers={"Accept": "text/html", "Accept-Language": "en"})
        assert home.status_code == 200
        heading = home.data.split(b"<h1>", 1)[1].split(b"</h1>", 1)[0]
        assert b"Vilnius" in heading  # the title of the publication built (lod init --city Q216)
    finally:
        app.extensions["lod"].switch.close()


def test_without_a_publication_the_settings_stay(tmp_path: Path) -> None:
    settings = Settings().replace(dist_dir=tmp_path)
    assert as_published(settings) == settings
