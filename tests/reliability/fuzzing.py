"""The fuzz harness: mutations of real files, a time bound per case, a memory bound per run, and a tally.

A case ends in one of three ways: the reader returned (``ok``), it refused with its own clear error (a
:class:`~careerpath.graph.errors.CareerpathError` with a message, ``refused``), or anything else happened
(another exception, a case over its time bound, memory exhausted): ``escaped``, which fails the test. Runs go
in a forked child under an address-space limit, so a reader that tried to use unbounded memory gets a
MemoryError (an escape) instead of taking the machine down.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from careerpath.graph.errors import CareerpathError

PER_CASE_S = float(os.environ.get("CAREERPATH_FUZZ_CASE_SECONDS", "10"))
#: Address space a fuzz run may add to what the process already maps.
MEMORY_HEADROOM = 2 * 1024**3


class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException, so a reader's ``except Exception`` cannot swallow it."""


@dataclass
class Tally:
    reader: str
    cases: int = 0
    ok: int = 0
    refused: int = 0
    escaped: list[str] = field(default_factory=list)
    slowest_s: float = 0.0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"fuzz {self.reader}: {self.cases} cases, {self.ok} read, {self.refused} refused cleanly, "
                f"{len(self.escaped)} escaped; slowest case {self.slowest_s * 1000:.0f} ms; {self.seconds:.1f} s")


def _on_alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout


def run_cases(reader: str, fn: Callable[[Any], object], cases: Iterable[Any],
              check: Callable[[object], str | None] | None = None) -> Tally:
    """Run ``fn`` on every case with a time bound; ``check(result)`` may name a problem in a success."""
    tally = Tally(reader)
    started = time.monotonic()
    old = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for n, case in enumerate(cases):
            tally.cases += 1
            t0 = time.monotonic()
            signal.setitimer(signal.ITIMER_REAL, PER_CASE_S)
            try:
                result = fn(case)
                signal.setitimer(signal.ITIMER_REAL, 0)
                problem = check(result) if check is not None else None
                if problem:
                    tally.escaped.append(f"case {n}: {problem}")
                else:
                    tally.ok += 1
            except CareerpathError as exc:
                signal.setitimer(signal.ITIMER_REAL, 0)
                if str(exc).strip():
                    tally.refused += 1
                else:
                    tally.escaped.append(f"case {n}: {type(exc).__name__} with an empty message")
            except CaseTimeout:
                tally.escaped.append(f"case {n}: still running after {PER_CASE_S:g} s")
            except BaseException as exc:  # the point of fuzzing: anything else is a bug
                signal.setitimer(signal.ITIMER_REAL, 0)
                tally.escaped.append(f"case {n}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}")
            tally.slowest_s = max(tally.slowest_s, time.monotonic() - t0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    tally.seconds = time.monotonic() - started
    return tally


def _mapped_bytes() -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def bounded(fn: Callable[[], Tally]) -> Tally:
    """Run ``fn`` in a forked child whose address space may grow by at most MEMORY_HEADROOM."""
    if not hasattr(os, "fork"):
        return fn()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            mapped = _mapped_bytes()
            if mapped is not None:
                limit = mapped + MEMORY_HEADROOM
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            payload = asdict(fn())
        except BaseException as exc:
            payload = {"reader": "?", "crash": f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"}
        data = json.dumps(payload).encode()
        while data:
            data = data[os.write(write, data):]
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    payload = json.loads(b"".join(chunks) or b'{"reader": "?", "crash": "the fuzz child died"}')
    if "crash" in payload:
        raise AssertionError(f"the fuzz run itself failed: {payload['crash']}")
    return Tally(**payload)


# ---------------------------------------------------------------- mutations


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random damage: flipped bits, a cut, a hole, inserted junk, a repeated span, or a swapped byte."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    buf = bytearray(data)
    kind = rng.randrange(7)
    n = len(buf)
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(n)] ^= 1 << rng.randrange(8)
    elif kind == 1:
        del buf[rng.randrange(n):]
    elif kind == 2:
        start = rng.randrange(n)
        del buf[start:start + rng.randint(1, 256)]
    elif kind == 3:
        pos = rng.randrange(n + 1)
        junk = rng.choice([b"\x00", b"\xff\xfe", b'"', b"{[", b"]}", b"\\u", b",", b"\r\n", b"<!DOCTYPE x>", b"\xc3"])
        buf[pos:pos] = junk * rng.randint(1, 16)
    elif kind == 4:
        start = rng.randrange(n)
        span = buf[start:start + rng.randint(1, 512)]
        buf[start:start] = span * rng.randint(1, 4)
    elif kind == 5:
        for _ in range(rng.randint(1, 4)):
            buf[rng.randrange(n)] = rng.choice(b'\x00"{}[],:\\\n<>&')
    else:
        a, b = rng.randrange(n), rng.randrange(n)
        buf[a], buf[b] = buf[b], buf[a]
    return bytes(buf)


def mutations(data: bytes, count: int, seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    for _ in range(count):
        out = data
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            out = mutate(out, rng)
        yield out


_ODD_VALUES: list[Any] = [
    None, True, 0, -1, 1e308, -1e-308, 2**64, "", "\x00", "\u202e", "x" * 5000, [], {}, [[[[]]]],
    {"count": 0, "of": []}, ["\ud800"], float("inf"), float("nan"), "😀" * 50, "'; DROP TABLE skills;--",
]


def json_mutations(doc: Any, count: int, seed: int) -> Iterator[str]:
    """Structure-aware damage of a JSON document: a value replaced, a key dropped, a list emptied, as text."""
    import copy

    rng = random.Random(seed)
    for _ in range(count):
        obj = copy.deepcopy(doc)
        for _ in range(rng.randint(1, 4)):
            _poke(obj, rng)
        yield json.dumps(obj, ensure_ascii=rng.random() < 0.3)  # NaN and Infinity go out as their JS spellings


def _poke(obj: Any, rng: random.Random) -> None:
    path = []
    node = obj
    while isinstance(node, (dict, list)) and node and rng.random() < 0.8:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append((node, key))
        node = node[key]
    if not path:
        return
    parent, key = path[-1]
    action = rng.randrange(4)
    if action == 0 and isinstance(parent, dict):
        del parent[key]
    elif action == 1:
        parent[key] = rng.choice(_ODD_VALUES)
    elif action == 2 and isinstance(parent, list):
        parent.append(parent[key])  # a duplicate
    else:
        parent[key] = [parent[key]] if rng.random() < 0.5 else {"wrapped": parent[key]}
