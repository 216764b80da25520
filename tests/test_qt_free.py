"""The core packages (careerpath.graph, careerpath.storage) never import PySide6, directly or through a dependency."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import careerpath

CORE_PACKAGES = ("careerpath.graph", "careerpath.storage")
PACKAGE_DIR = Path(careerpath.__file__).resolve().parent

# Run in a fresh interpreter: the test process has imported Qt already (pytest-qt). Imports every module of
# each package one at a time and names the first one after which a Qt binding is loaded.
_CHECKER = """
import importlib, json, pkgutil, sys

QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")
result = {"imported": [], "culprit": None, "qt": []}
for name in sys.argv[1:]:
    package = importlib.import_module(name)
    names = [name] + [info.name for info in pkgutil.walk_packages(package.__path__, name + ".")]
    for module in names:
        importlib.import_module(module)
        result["imported"].append(module)
        loaded = sorted(m for m in QT if m in sys.modules)
        if loaded and result["culprit"] is None:
            result["culprit"], result["qt"] = module, loaded
print(json.dumps(result))
"""


def _qt_after_importing(packages: tuple[str, ...], *, extra_path: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "QT_API")}
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", _CHECKER, *packages],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 0, f"importing {packages} failed:\n{proc.stderr}"
    return json.loads(proc.stdout.splitlines()[-1])


def test_core_packages_import_without_qt() -> None:
    result = _qt_after_importing(CORE_PACKAGES)
    assert result["culprit"] is None, f"{result['culprit']} pulls in {result['qt']}: only careerpath.ui may use Qt"
    # Every module file was really imported, so a new module cannot slip past the walk.
    on_disk = {
        ".".join(("careerpath", *path.relative_to(PACKAGE_DIR).with_suffix("").parts)).removesuffix(".__init__")
        for package in ("graph", "storage")
        for path in (PACKAGE_DIR / package).rglob("*.py")
    }
    assert on_disk <= set(result["imported"]), f"modules not imported: {sorted(on_disk - set(result['imported']))}"


def test_checker_names_a_module_that_imports_qt(tmp_path: Path) -> None:
    package = tmp_path / "fakecore"
    (package / "deep").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "clean.py").write_text("import json\n")
    (package / "deep" / "__init__.py").write_text("")
    (package / "deep" / "view.py").write_text("from PySide6 import QtCore\n")

    result = _qt_after_importing(("fakecore",), extra_path=tmp_path)

    assert result["culprit"] == "fakecore.deep.view"
    assert "PySide6" in result["qt"]


def test_core_sources_never_mention_pyside6() -> None:
    # Catches a lazy import inside a function, which importing the module does not run.
    offenders = [
        f"{path.relative_to(PACKAGE_DIR.parent)}:{number}"
        for package in ("graph", "storage")
        for path in sorted((PACKAGE_DIR / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "PySide6" in line
    ]
    assert not offenders, f"PySide6 in the Qt-free core (say 'Qt' in prose): {offenders}"
