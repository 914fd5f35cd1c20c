"""Speed figures, each against a baseline measured in the same run.

    python tests/benchmarks/run.py [--quick] [--json FILE] [--only NAME]

Not part of the test run: it prints a table and, with --json, writes the
rows. Every ``tests/benchmarks/bench_*.py`` module contributes rows.

Every process measured runs this checkout's code (PYTHONPATH), byte-compiled
first as an installed copy is: the baselines' own libraries are, and with
PYTHONDONTWRITEBYTECODE set each run would otherwise compile the package again.
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from tests.benchmarks.common import BenchRow  # noqa: E402


def discover() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument(
        "--only", action="append", help="run only these bench modules (e.g. bench_export)"
    )
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    compileall.compile_dir(ROOT / "women_in_ddat", quiet=1)
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory(prefix="wid-bench-") as tmp:
        for name in args.only or discover():
            module = importlib.import_module(f"tests.benchmarks.{name}")
            print(f"running {name} ...", file=sys.stderr, flush=True)
            workdir = Path(tmp) / name
            workdir.mkdir()
            rows.extend(module.rows(quick=args.quick, workdir=workdir))
    header = f"{'benchmark':<58} {'ours':>10} {'baseline':>10} {'unit':<6} {'ratio':>7}  {'target':<24} met"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.name:<58} {row.ours:>10.3f} {row.baseline:>10.3f} {row.unit:<6} {row.ratio:>7.2f}  "
            f"{row.target:<24} {'yes' if row.met else 'NO'}"
            + (f"  ({row.note})" if row.note else "")
        )
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
