"""Making the report fonts bundled in resources/fonts/ (run by hand; the results are committed).

The reports print names in every script of the UK's workforce. DejaVu Sans
(resources/fonts/) covers Latin, Greek and Cyrillic; the fonts made here
cover the rest, from Debian's packages:

- fonts-noto-core: Noto Sans Arabic (with Urdu), Hebrew, Devanagari,
  Bengali, Gurmukhi, Gujarati and Tamil, shaped by HarfBuzz
  (women_in_ddat/reports/shaping.py). SIL Open Font License 1.1. Every
  character and layout feature kept; only the hinting is dropped (a PDF
  does not use it).
- fonts-droid-fallback: Droid Sans Fallback, cut to Chinese and Japanese
  (it has no Korean syllables: Windows' own Malgun Gothic is used for
  those where it is installed). Apache License 2.0.
- fonts-symbola: Symbola 2.60, cut to emoji and pictographs (printed in
  black, as monochrome outlines). Free for any use.

    apt-get install fonts-noto-core fonts-droid-fallback fonts-symbola
    python packaging/report_fonts.py /usr/share/fonts/truetype

Needs fontTools (``pip install fonttools``), which the app itself does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"

SCRIPTS = ("Arabic", "Hebrew", "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Tamil")
CJK = "U+3000-30FF,U+3100-312F,U+31F0-31FF,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FF00-FFEF"
EMOJI = (
    "U+2600-27BF,U+2B00-2BFF,U+1F000-1F02F,U+1F0A0-1F0FF,U+1F300-1F64F,U+1F680-1F6FF,U+1F900-1F9FF"
)


def _subset(source: Path, target: Path, unicodes: str, *, layout: bool) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"] if layout else []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.drop_tables += ["DSIG"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    if unicodes == "*":
        subsetter.populate(unicodes=font.getBestCmap().keys())
    else:
        subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")


def main(system_fonts: Path) -> None:
    for script in SCRIPTS:
        name = f"NotoSans{script}-Regular.ttf"
        _subset(system_fonts / "noto" / name, FONTS / "scripts" / name, "*", layout=True)
    _subset(
        system_fonts / "droid" / "DroidSansFallbackFull.ttf",
        FONTS / "fallback" / "DroidSansFallback-CJK.ttf",
        CJK,
        layout=False,
    )
    _subset(
        system_fonts / "ancient-scripts" / "Symbola_hint.ttf",
        FONTS / "fallback" / "Symbola-Emoji.ttf",
        EMOJI,
        layout=False,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype"))
