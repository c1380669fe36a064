"""Horizontal bar charts drawn as server-side SVG with the numbers as text (as on "Praxis in figures"); a bar whose
value is suppressed (None) is drawn as a dash with "fewer than 5" beside it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def bar_chart(rows: list[tuple[str, int | None]], *, width: int = 320, bar: int = 20, gap: int = 8,
              unit: str = "") -> dict[str, Any]:
    top = max((n for _label, n in rows if n is not None), default=0) or 1
    if unit == "%":
        top = 100
    bars, y = [], 0
    for label, value in rows:
        length = 0 if value is None else round((width - 80) * value / top)
        text = _("fewer than 5") if value is None else f"{value}{unit}"
        bars.append({"label": label, "value": value, "text": text, "text_y": y + 12, "bar_y": y + 16,
                     "length": max(length, 2 if value else 0), "value_x": max(length, 2) + 6, "value_y": y + 30})
        y += 16 + bar + gap
    return {"width": width, "height": max(y, 1), "bars": bars, "rows": [(b["label"], b["text"]) for b in bars],
            "bar": bar}
