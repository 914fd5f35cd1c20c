"""A chart of the programme report as a PNG picture, for the Word document.

ReportLab's own bitmap renderer needs a C extension we do not ship, so the
same bars are drawn with Pillow: axes titled, the value axis starting where
the scale starts, the same colours as the PDF (each at least 3:1 against
white).
"""

from __future__ import annotations

import io

from women_in_ddat.services.programme_report_model import ChartSpec

# The PDF's series colours (styles.SERIES), each at least 3:1 against white.
COLOURS = ((0x8E, 0x7C, 0xC3), (0x3B, 0x1F, 0x6B), (0x1F, 0x1F, 0x24))
INK = (0x1F, 0x1F, 0x24)
GRID = (0xC9, 0xC3, 0xD6)


def chart_png(spec: ChartSpec, width: int = 1400, height: int = 640) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    from women_in_ddat.resources import resource_path

    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), 22)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 110, width - 20, 70, height - 90
    span = spec.value_max - spec.value_min or 1

    def y_of(value: float) -> float:
        return bottom - (value - spec.value_min) / span * (bottom - top)

    tick = spec.value_min
    while tick <= spec.value_max + 1e-9:
        y = y_of(tick)
        draw.line([(left, y), (right, y)], fill=GRID, width=1)
        label = f"{tick:g}"
        draw.text(
            (left - 10 - draw.textlength(label, font=font), y - 12), label, fill=INK, font=font
        )
        tick += spec.value_step
    draw.line([(left, top), (left, bottom), (right, bottom)], fill=INK, width=2)
    groups = max(1, len(spec.categories))
    group_w = (right - left) / groups
    bar_w = group_w * 0.7 / max(1, len(spec.series))
    for g, category in enumerate(spec.categories):
        x0 = left + g * group_w + group_w * 0.15
        for s, (_, values) in enumerate(spec.series):
            value = values[g]
            if value is None:
                continue
            x = x0 + s * bar_w
            draw.rectangle([x, y_of(value), x + bar_w - 2, bottom], fill=COLOURS[s % len(COLOURS)])
        text = category if draw.textlength(category, font=font) < group_w else category[:18] + "…"
        draw.text(
            (left + g * group_w + (group_w - draw.textlength(text, font=font)) / 2, bottom + 8),
            text,
            fill=INK,
            font=font,
        )
    title = spec.category_axis_title
    draw.text(
        ((left + right - draw.textlength(title, font=font)) / 2, height - 40),
        title,
        fill=INK,
        font=font,
    )
    axis = Image.new(
        "RGB", (int(draw.textlength(spec.value_axis_title, font=font)) + 4, 30), "white"
    )
    ImageDraw.Draw(axis).text((2, 2), spec.value_axis_title, fill=INK, font=font)
    axis = axis.rotate(90, expand=True)
    image.paste(axis, (8, int((top + bottom) / 2 - axis.height / 2)))
    x = left
    for s, (name, _) in enumerate(spec.series):
        draw.rectangle([x, 20, x + 24, 44], fill=COLOURS[s % len(COLOURS)])
        draw.text((x + 32, 18), name, fill=INK, font=font)
        x += 60 + draw.textlength(name, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
