"""Charts as inline SVG, drawn on the server: no script, no library, readable without colour
(every bar carries its value as text and a tooltip), themed by the page's CSS variables."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from bot.services.dashboard.figures import Series

WIDTH, HEIGHT, TOP, BOTTOM = 320, 140, 14, 22


def bar_chart(series: Series, t: Callable[..., str]) -> Markup:
    points = series.points
    top = max((p.value or 0 for p in points), default=0) or 1
    slot = WIDTH / max(len(points), 1)
    title = t(f"dash.fig.{series.key}")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    for i, point in enumerate(points):
        label = t(series.label_prefix + point.label) if series.label_prefix else point.label
        x = i * slot + slot * 0.15
        middle = x + slot * 0.35
        height = (HEIGHT - TOP - BOTTOM) * (point.value or 0) / top
        y = HEIGHT - BOTTOM - height
        tip = escape(f"{label}: {point.shown}")
        parts.append(
            f'<g><title>{tip}</title><rect class="bar" x="{x:.1f}" y="{y:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{height:.1f}" tabindex="0" aria-label="{tip}"/>'
            f'<text class="val" x="{middle:.1f}" y="{y - 3:.1f}">{escape(point.shown)}</text>'
        )
        # Many bars: every other label, so that they do not run into each other.
        if len(points) <= 8 or i % 2 == (len(points) - 1) % 2:
            parts.append(
                f'<text class="lbl" x="{middle:.1f}" y="{HEIGHT - 6}">{escape(label)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above
