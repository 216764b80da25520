"""A fork server for the crash tests: imports careerpath once, then forks one child per job and reports on it.

Forking from a process that has already imported everything makes a child ready in milliseconds, so a few
hundred kills fit in CI; the server never opens a database, so no SQLite state is inherited across fork.

Protocol, one line each: the test writes a job as JSON; the server answers ``PID <pid>`` once the child runs,
then ``EXIT <pid> <status>`` (status: the exit code, or minus the signal that ended the child).
"""

from __future__ import annotations

import json
import os
import sys
import traceback

from tests.reliability import workloads


def main() -> None:
    workloads.import_base()  # built once here, inherited by every child
    workloads.sample_ids()
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                workloads.run_child(job)
            except BaseException:
                with open(job["acks"] + ".err", "w") as fh:
                    fh.write(traceback.format_exc())
                code = 3
            os._exit(code)
        sys.stdout.write(f"PID {pid}\n")
        sys.stdout.flush()
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        sys.stdout.write(f"EXIT {pid} {code}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
