"""Running a check in a new Python process, where HiGHS's process-wide thread scheduler starts afresh."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_in_fresh_process(script: str) -> list[str]:
    """Run ``script`` with ``python -c`` from the checkout's root; the lines it printed (it must succeed)."""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()
