"""What every benchmark module shares.

A benchmark module is ``tests/benchmarks/bench_*.py`` with a function
``rows(quick: bool, workdir: Path) -> list[BenchRow]``. Each row compares
our figure with a baseline measured in the same run on the same machine,
so the ratio means something whatever the machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class BenchRow:
    name: str
    ours: float
    baseline: float
    unit: str
    target: str  # e.g. "<= 3x baseline"
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall-clock seconds of ``fn`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_process(argv: Sequence[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> None:
    full_env = {**os.environ, **(env or {})}
    subprocess.run(list(argv), check=True, env=full_env, stdout=stdout, stderr=subprocess.PIPE)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "women_in_ddat", *args]


def workdir_for(base: Path, name: str) -> Path:
    path = base / name
    path.mkdir(parents=True, exist_ok=True)
    return path
