"""The desktop app: cold start, filter-as-you-type, memory.

Every figure is taken from the real app in a fresh process (offscreen Qt),
against a baseline measured in the same run:

- cold start: ``women-in-ddat --db X`` until its window has painted, against
  a bare PySide6 window holding a table (the least any Qt app can do);
  and, for information, until the dashboard shows the programme's data;
- filter as you type: the 95th percentile of one keystroke in the People
  page's search box (key event, filter, model reset and repaint), against
  a QSortFilterProxyModel over a plain Python model of the same people;
- memory: resident size with every person loaded in the People page,
  against the bare window.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.common import BenchRow, cli
from tests.benchmarks.population import build_people_db

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableWidget(50, 4)
window.setCentralWidget(table)
window.resize(1400, 900)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.Paint):
            QTimer.singleShot(0, app.quit)
        return False

spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
if len(sys.argv) > 1:
    from tests.benchmarks.bench_ui import resident_mb
    print(resident_mb())
"""

# Runs inside the app's own process: opens the People page, types, measures.
IN_APP = """
import json, sys, time
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView
from women_in_ddat.services.context import Services
from women_in_ddat.ui.app import application
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.main_window import MainWindow
from tests.benchmarks.bench_ui import KEYSTROKES, percentile, resident_mb

app = application()
window = MainWindow("bench.db")
window.resize(1400, 900)
window.show()
context = AppContext(Services.open(sys.argv[1]))
window.attach(context)
people = window.show_page("People")
deadline = time.monotonic() + 300
while (people.is_loading() or not people.model.total) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
for _ in range(20):
    app.processEvents()
loaded_mb = resident_mb()


def type_keys(widget, keys):
    times = []
    for key in keys:
        start = time.perf_counter()
        if key == "\\b":
            QTest.keyClick(widget, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(widget, key)
        app.processEvents()  # the filter, the model reset and the repaint of what changed
        times.append((time.perf_counter() - start) * 1000)
    return times


people.filter.setFocus()
ours = type_keys(people.filter, KEYSTROKES)
shown = people.model.rowCount()


class PlainModel(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 4

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            r = self.rows[index.row()]
            return (r.name, r.email, r.organisation, r.job_title)[index.column()]
        return None


people.filter.clear()
app.processEvents()
rows = [people.model.person_at(i) for i in range(people.model.total)]
proxy = QSortFilterProxyModel()
proxy.setSourceModel(PlainModel(rows))
proxy.setFilterKeyColumn(-1)
proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
view = QTableView()
view.setModel(proxy)
view.resize(1000, 700)
view.show()
app.processEvents()
typed = ""
baseline = []
for key in KEYSTROKES[:8]:
    typed = typed[:-1] if key == "\\b" else typed + key
    start = time.perf_counter()
    proxy.setFilterFixedString(typed)
    app.processEvents()
    baseline.append((time.perf_counter() - start) * 1000)
print(json.dumps({"ours": ours, "baseline": baseline, "loaded_mb": loaded_mb, "shown": shown,
                  "total": len(rows)}))
window.close()
context.services.close()
"""

# A coordinator finding people: words, a correction, starting again.
KEYSTROKES = (
    list("sarah")
    + ["\b"] * 5
    + list("hughes")
    + ["\b"] * 6
    + list("council 1")
    + ["\b"] * 9
    + list("yilmaz")
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def resident_mb() -> float:
    """Resident memory of this process now (Linux), else its peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _env(workdir: Path, **extra: str) -> dict[str, str]:
    root = Path(__file__).resolve().parents[2]
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WOMEN_IN_DDAT_HOME": str(workdir / "home"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")])),
        **extra,
    }


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600
    )
    return time.perf_counter() - start


def _median_time(argv: list[str], env: dict[str, str], repeat: int) -> float:
    return statistics.median(_timed(argv, env) for _ in range(repeat))


def _start_rows(quick: bool, workdir: Path) -> list[BenchRow]:
    people = 1_000 if quick else 10_000
    db = build_people_db(workdir / f"start-{people}.db", people)
    subprocess.run(
        cli("--db", str(db), "demo"), check=True, env=_env(workdir), stdout=subprocess.DEVNULL
    )
    repeat = 3 if quick else 5
    bare = [sys.executable, "-c", BARE_WINDOW]
    _timed(bare, _env(workdir))  # warm the disk cache for both sides alike
    _timed(cli("--db", str(db)), _env(workdir, WOMEN_IN_DDAT_QUIT_AFTER="paint"))
    baseline = _median_time(bare, _env(workdir), repeat)
    painted = _median_time(
        cli("--db", str(db)), _env(workdir, WOMEN_IN_DDAT_QUIT_AFTER="paint"), repeat
    )
    ready = _median_time(
        cli("--db", str(db)), _env(workdir, WOMEN_IN_DDAT_QUIT_AFTER="ready"), repeat
    )
    return [
        BenchRow(
            f"app: cold start to a painted window ({people:,} people)",
            painted,
            baseline,
            "s",
            "<= 2x bare PySide6 table window",
            painted <= 2 * baseline,
        ),
        BenchRow(
            f"app: cold start to the dashboard's data ({people:,} people)",
            ready,
            baseline,
            "s",
            "<= 2.5 s",
            ready <= 2.5,
            "database opened after the first paint",
        ),
    ]


def _typing_rows(quick: bool, workdir: Path) -> list[BenchRow]:
    people = 10_000 if quick else 100_000
    db = build_people_db(workdir / f"typing-{people}.db", people)
    done = subprocess.run(
        [sys.executable, "-c", IN_APP, str(db)],
        env=_env(workdir),
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode:
        raise RuntimeError(f"the in-app measurement failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    bare = subprocess.run(
        [sys.executable, "-c", BARE_WINDOW, "memory"],
        check=True,
        env=_env(workdir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    bare_mb = float(bare.stdout.strip().splitlines()[-1])
    ours_p95 = percentile(figures["ours"], 0.95)
    proxy_p95 = percentile(figures["baseline"], 0.95)
    return [
        BenchRow(
            f"app: filter as you type, p95 per keystroke ({people:,} people)",
            ours_p95,
            proxy_p95,
            "ms",
            "<= 16 ms",
            ours_p95 <= 16.0,
            f"baseline: QSortFilterProxyModel; median {statistics.median(figures['ours']):.1f} ms, "
            f"{len(figures['ours'])} keystrokes",
        ),
        BenchRow(
            f"app: memory with {people:,} people loaded",
            figures["loaded_mb"],
            bare_mb,
            "MB",
            "< 400 MB",
            figures["loaded_mb"] < 400,
            "baseline: bare PySide6 table window",
        ),
    ]


def rows(quick: bool, workdir: Path) -> list[BenchRow]:
    return _start_rows(quick, workdir) + _typing_rows(quick, workdir)
