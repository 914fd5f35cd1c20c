"""Running reports the way the app and the command line do, and reading them back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reports.pdf_tools import PdfFacts, read_pdf
from women_in_ddat.reports.jobs import ReportKind, ReportOutcome, ReportRequest, report_job
from women_in_ddat.services.jobs import Progress

RunReport = Callable[..., tuple[ReportOutcome, PdfFacts | None]]


@pytest.fixture
def run_report(tmp_path: Path) -> RunReport:
    """``run_report(services, kind, scope, **request)`` -> (outcome, facts of the first PDF)."""

    def run(services, kind: ReportKind | str, scope: str, **options):  # type: ignore[no-untyped-def]
        kind = ReportKind(kind)
        output = options.pop("output", None) or tmp_path / (
            "batch" if kind is ReportKind.BATCH and not options.get("combined") else f"{kind}.pdf"
        )
        progress = options.pop("progress", None) or Progress()
        request = ReportRequest(kind, scope, Path(output), **options)
        outcome = report_job(services.db, services.actor, request)(progress)
        facts = read_pdf(outcome.files[0]) if outcome.files else None
        return outcome, facts

    return run


# A TrueType font with Chinese glyphs that Debian and Ubuntu install with fonts-droid-fallback.
CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


def _fallbacks_from(monkeypatch: pytest.MonkeyPatch, files: list[Path]) -> None:
    from women_in_ddat.reports import fonts

    monkeypatch.setattr(fonts, "_fallback_files", lambda: files)
    fonts._fallbacks.cache_clear()


@pytest.fixture
def no_fallback_font(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """As on a computer with no font beyond the bundled one."""
    from women_in_ddat.reports import fonts

    _fallbacks_from(monkeypatch, [])
    yield
    fonts._fallbacks.cache_clear()


@pytest.fixture
def cjk_fallback_font(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """As on a computer that has a TrueType font with Chinese glyphs."""
    from women_in_ddat.reports import fonts

    if not CJK_FONT.is_file():
        pytest.skip("no TrueType font with Chinese glyphs on this computer")
    _fallbacks_from(monkeypatch, [CJK_FONT])
    yield
    fonts._fallbacks.cache_clear()
