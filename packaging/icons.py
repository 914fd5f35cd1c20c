"""The application icon in every form a platform asks for, drawn from one SVG.

``resources/icons/women-in-ddat.svg`` is the only drawing; Qt renders it to
PNG at each size and Pillow (installed with ReportLab) packs those into the
Windows ``.ico`` and the macOS ``.icns``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "women-in-ddat.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def render_pngs(target: Path) -> dict[int, Path]:
    """One PNG per size in ``target``; the paths by size."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"{SVG} is not a drawing Qt can read")
    target.mkdir(parents=True, exist_ok=True)
    paths = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = target / f"women-in-ddat-{size}.png"
        if not image.save(str(path)):
            raise RuntimeError(f"could not write {path}")
        paths[size] = path
    return paths


def make_icons(target: Path) -> dict[str, Path]:
    """``png`` (256 px, for Linux), ``ico`` and ``icns``, written into ``target``."""
    from PIL import Image

    pngs = render_pngs(target / "png")
    largest = Image.open(pngs[1024])
    ico = target / "women-in-ddat.ico"
    largest.save(ico, sizes=[(s, s) for s in SIZES if s <= 256])
    icns = target / "women-in-ddat.icns"
    largest.save(icns)
    return {"png": pngs[256], "ico": ico, "icns": icns, "pngs": target / "png"}
