"""The wheel carries the bundled catalog, and an installed careerpath finds it outside the checkout.

Builds one wheel for the module (about 2 s, the build backend from pip's cache or index) and installs it with
``--no-deps --target`` instead of into a fresh venv, which would reinstall PySide6 and take a minute.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog

REPO_ROOT = Path(__file__).resolve().parent.parent
CATALOG_IN_WHEEL = "careerpath/resources/catalog.json"

pytestmark = pytest.mark.slow


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, **kwargs)
    assert proc.returncode == 0, f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", str(out),
          str(REPO_ROOT)])
    (built,) = out.glob("careerpath-*.whl")
    return built


def test_wheel_holds_the_package_and_the_bundled_catalog(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        bundled = archive.read(CATALOG_IN_WHEEL) if CATALOG_IN_WHEEL in names else None
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))

    assert bundled is not None, f"{CATALOG_IN_WHEEL} is not in {wheel.name}; resources/catalog.json missing?"
    assert bundled == (REPO_ROOT / "resources" / "catalog.json").read_bytes()
    for module in ("careerpath/__init__.py", "careerpath/__main__.py", "careerpath/resources.py",
                   "careerpath/graph/catalog_io.py", "careerpath/resources/careerpath.svg"):
        assert module in names
    assert not any(name.startswith(("tests/", "resources/")) for name in names), "stray top-level folders"
    assert "careerpath = careerpath.__main__:main" in entry_points


def test_installed_wheel_finds_and_loads_its_bundled_catalog(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check", "-q",
          "--target", str(target), str(wheel)])
    probe = (
        "import json, careerpath\n"
        "from careerpath.resources import bundled_catalog_path\n"
        "from careerpath.graph.catalog_io import load_catalog\n"
        "path = bundled_catalog_path()\n"
        "catalog = load_catalog(path)\n"
        "print(json.dumps({'package': careerpath.__file__, 'path': str(path), 'roles': len(catalog.roles)}))\n"
    )
    # Outside the checkout, so neither the current folder nor the editable install can supply careerpath.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    found = json.loads(_run([sys.executable, "-c", probe], cwd=elsewhere, env=env).stdout.splitlines()[-1])

    assert Path(found["package"]).resolve().is_relative_to(target.resolve())
    assert Path(found["path"]).resolve() == (target / CATALOG_IN_WHEEL).resolve()
    assert found["roles"] == len(load_catalog(REPO_ROOT / "resources" / "catalog.json").roles) > 0
