"""Build step: the wheel carries the top-level bpmn/ and forms/ as workflow_service/bundled/.

Everything else is configured in pyproject.toml. The folders stay where they are in the repository
(they are edited there); `build_py` copies them into the build tree, so the installed package finds
them with no checkout around (workflow_service.config.bundled_dir). A wheel without the diagram
bundles (npm, `make install`) would serve pages without diagrams, so building one fails instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# Patterns relative to each folder; sub-folders are kept (bpmn/scenarios/<process key>/*.yaml, bpmn/migrations/).
BUNDLED = {"bpmn": ("*.bpmn", "*.dmn", "regulations.yaml", "scenarios/*/*.yaml", "migrations/*.yaml"), "forms": ("*.json",)}
DIST = HERE / "workflow_service" / "web" / "static" / "dist"


class BuildWithProcesses(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads bpmn/ and forms/ from the checkout
        if not (DIST / "viewer.js").is_file() or not (DIST / "modeler.js").is_file():
            raise SystemExit(f"{DIST} has no diagram bundles: run `make install` (npm) before building")
        for folder, patterns in BUNDLED.items():
            target = Path(self.build_lib) / "workflow_service" / "bundled" / folder
            shutil.rmtree(target, ignore_errors=True)  # no stale file from an earlier build
            target.mkdir(parents=True)
            for pattern in patterns:
                for source in sorted((HERE / folder).glob(pattern)):
                    copied = target / source.relative_to(HERE / folder)
                    copied.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, copied)


setup(cmdclass={"build_py": BuildWithProcesses})
