"""One world (app, users, dossiers, attachments) for the whole security package: every request the
tests make is refused or only reads, so the cells cannot disturb each other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.world import World, build_world


@pytest.fixture(scope="package")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(Path(tmp_path_factory.mktemp("security")))
    yield built
    built.app.extensions["ocopflow.engine"].dispose()
