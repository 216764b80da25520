"""careerpath.importers stays Qt-free like the core: the app runs it in a worker, the CLI without Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys

_CHECK = """
import importlib, json, pkgutil, sys
import careerpath.importers as package
names = [info.name for info in pkgutil.walk_packages(package.__path__, "careerpath.importers.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in ("PySide6", "shiboken6", "PyQt5", "PyQt6") if m in sys.modules)
print(json.dumps({"modules": names, "qt": qt}))
"""


def test_importers_import_without_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "QT_API")}
    proc = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert {"careerpath.importers.esco", "careerpath.importers.onet", "careerpath.importers.xlsx"} <= set(
        result["modules"]
    )
    assert result["qt"] == []
