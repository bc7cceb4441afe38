"""Benchmark start-up: how long the commands a desk runs most take before anything happens.

    python benchmarks/startup.py              # 21 runs of each, medians
    python benchmarks/startup.py --runs 51

Runs, in one session and interleaved so machine noise hits all of them alike:
``python -c pass`` (the floor: the interpreter alone), ``dvc --version``, ``dvc --help``,
``dvc list``, ``dvc fill single-status --example --no-input`` (into a temporary folder, the
template cache warm from the first run) and ``dvc check`` (the bundled procedures), each as a
fresh process through the installed ``dvc`` console script (the one beside this Python; with
``--module``, ``python -m dvc_cli`` from the current folder). Output goes to /dev/null, as a
script's would.

Absolute times swing with the load of a shared machine, so each command is judged by its
median as a multiple of the floor's median in the same run: ``--version`` at most 6×,
``--help`` 12×, ``list`` 15× (the 100, 200 and 250 ms targets over the 16 ms floor of a quiet
2-core machine); ``fill`` 22× and ``check`` 45× (issue 17's 250 and 500 ms over the 11 ms
floor it measured: 520 ms for a fill was 47×). The milliseconds are printed too, for the record.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The most a command may take, as a multiple of ``python -c pass`` measured in the same run.
TARGET_RATIOS = {"--version": 6.0, "--help": 12.0, "list": 15.0, "fill": 22.0, "check": 45.0}


def _dvc(module: bool) -> list[str]:
    if module:
        return [sys.executable, "-m", "dvc_cli"]
    beside = Path(sys.executable).with_name("dvc")
    found = str(beside) if beside.exists() else shutil.which("dvc")
    if not found:
        sys.exit(
            "benchmarks/startup.py: no 'dvc' script beside this Python; pip install . first"
            " (or --module)"
        )
    return [found]


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (median)")
    parser.add_argument(
        "--module", action="store_true", help="run python -m dvc_cli, not the dvc script"
    )
    args = parser.parse_args()

    dvc = _dvc(args.module)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("DVC_PROCEDURES_PATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed dvc has its .pyc: ~70 ms otherwise
    out = tempfile.mkdtemp(prefix="dvc-startup-")
    fill = ["fill", "single-status", "--example", "--no-input", "--out", out, "--force"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "dvc --version": [*dvc, "--version"],
        "dvc --help": [*dvc, "--help"],
        "dvc list": [*dvc, "list"],
        "dvc fill": [*dvc, *fill],
        "dvc check": [*dvc, "check"],
    }
    for argv in commands.values():  # warm the page cache and .pyc files
        _time(argv, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(_time(argv, env))

    floor = statistics.median(times["python -c pass"])
    print(f"{'command':<16} {'ratio':>6} {'target':>7} {'median':>8} {'min':>7} {'max':>7}")
    over = 0
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / floor
        target = TARGET_RATIOS.get(name.removeprefix("dvc "))
        if target is None:
            verdict = ""
        else:
            verdict = f"{target:>5.0f}× {'ok' if ratio <= target else 'OVER'}"
            over += ratio > target
        print(
            f"{name:<16} {ratio:>5.1f}× {verdict:<10} {median:>5.0f}ms {min(values):>5.0f}ms "
            f"{max(values):>5.0f}ms"
        )
    print(f"({args.runs} runs each, interleaved; {sys.version.split()[0]}, {os.cpu_count()} cores)")
    shutil.rmtree(out, ignore_errors=True)
    return int(bool(over))


if __name__ == "__main__":
    sys.exit(main())
