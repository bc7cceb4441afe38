"""Benchmark start-up: how long the commands a desk runs most take before anything happens.

    python benchmarks/startup.py              # 21 runs of each, medians
    python benchmarks/startup.py --runs 51

Runs, in one session and interleaved so machine noise hits all of them alike:
``python -c pass`` (the floor: the interpreter alone), ``dvc --version``, ``dvc --help`` and
``dvc list``, each as a fresh process through the installed ``dvc`` console script (the one
beside this Python). Prints the median, min and max wall time in ms, the median minus the
floor, and the issue's target for each (``--version`` 100 ms, ``--help`` 200 ms, ``list``
250 ms). Output goes to /dev/null, as a script's would.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS_MS = {"--version": 100, "--help": 200, "list": 250}


def _dvc() -> str:
    beside = Path(sys.executable).with_name("dvc")
    found = str(beside) if beside.exists() else shutil.which("dvc")
    if not found:
        sys.exit("benchmarks/startup.py: no 'dvc' script beside this Python; pip install . first")
    return found


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (median)")
    args = parser.parse_args()

    dvc = _dvc()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("DVC_PROCEDURES_PATH", None)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "dvc --version": [dvc, "--version"],
        "dvc --help": [dvc, "--help"],
        "dvc list": [dvc, "list"],
    }
    for argv in commands.values():  # warm the page cache and .pyc files
        _time(argv, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(_time(argv, env))

    floor = statistics.median(times["python -c pass"])
    print(f"{'command':<16} {'median':>8} {'min':>7} {'max':>7} {'- floor':>8} {'target':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        target = TARGETS_MS.get(name.removeprefix("dvc "))
        verdict = "" if target is None else f"{target:>5} ms {'ok' if median <= target else 'OVER'}"
        over = "" if name.startswith("python") else f"{median - floor:>6.0f}ms"
        print(
            f"{name:<16} {median:>6.0f}ms {min(values):>5.0f}ms {max(values):>5.0f}ms "
            f"{over:>8} {verdict}"
        )
    print(f"({args.runs} runs each, interleaved; {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
