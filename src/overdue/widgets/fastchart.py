"""A chart that updates fast: keep the artists, redraw only the moving ones over a cached background.

Re-plotting a figure on every change costs tens of milliseconds. Here the figure is drawn once with
Agg; the artists that move (lines, fills, bars, a marker) are marked *animated*, so a full draw
leaves them out and the result is cached as a background (``canvas.copy_from_bbox``). An update
restores that background and draws only the animated artists on top (blitting), then encodes the
canvas as PNG (numpy + zlib level 1, see `encode_png`; the bytes go to an ``ipywidgets.Image``).

When something static must change (axis limits, tick labels, titles), call `invalidate()`: the next
`render()` draws the whole figure again and caches a new background. ``invalidate(key)`` names the
static state (for example the axis limits): the backgrounds of the last few keys are kept (with the
axes' positions the layout gave them), so going back to limits seen before is a blit, not a full
draw. `fit_top` chooses axis ends with headroom, so that most changes stay inside the axes. An
update whose pixels equal the last image's returns the same PNG bytes without encoding them (an
``ipywidgets.Image`` then sends nothing).

    chart = FastChart(600, 350)
    ax = chart.figure.add_subplot()
    (line,) = ax.plot(x, y)
    chart.animate(line)
    png = chart.render()          # full draw the first time
    line.set_ydata(y2)
    png = chart.render()          # blit: background + the line only
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .. import charts


def encode_png(rgba, width: int, height: int, compress_level: int = 1) -> bytes:
    """PNG bytes (8-bit RGB, lossless) of an RGBA buffer such as the canvas's ``buffer_rgba()``.

    Written directly with numpy and zlib: no row filter (a chart is mostly flat colour, which zlib
    at level 1 packs well) and no alpha (the figure is opaque). About twice as fast as Pillow's
    encoder at the same level and smaller; `encode_png_pillow` gives the same pixels."""
    a = np.asarray(rgba, dtype=np.uint8).reshape(height, width, 4)
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (None) on every row
    rows[:, 1:].reshape(height, width, 3)[...] = a[:, :, :3]
    idat = zlib.compress(rows.tobytes(), compress_level)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, deflate, no interlace
    return _PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png_pillow(rgba, width: int, height: int, compress_level: int = 1) -> bytes:
    """The same image through Pillow (RGBA, ``compress_level``): the slower reference encoder."""
    from PIL import Image

    img = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=compress_level)
    return out.getvalue()


class FastChart:
    """A course-style Figure of ``width_px`` x ``height_px`` on an Agg canvas, updated by blitting.

    Attributes: ``figure``, ``canvas``, ``png`` (the last rendered image), and counters for tests
    and benchmarks: ``full_draws`` (backgrounds drawn), ``layered_draws`` (how many of them were a
    kept base image plus the `layered` artists), ``blits``, ``overlay_blits``,
    ``cached_backgrounds`` (a key's background taken from the cache instead of drawn) and
    ``unchanged`` (renders whose pixels equalled the last image)."""

    MAX_BACKGROUNDS = 8  # 600x350 RGBA: 0.84 MB each

    def __init__(self, width_px: int = 600, height_px: int = 350, dpi: int = 100):
        self.figure = charts.new_figure(width_px / dpi, height_px / dpi, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self._animated: list[Artist] = []
        self._overlay: list[Artist] = []
        self._background = None
        self._data_background = None
        self._key: Hashable | None = None
        self._backgrounds: OrderedDict[Hashable, tuple[object, list]] = OrderedDict()
        self._last_rgba: np.ndarray | None = None
        self._layered: list[Artist] = []
        self._layout_key: Callable[[], Hashable] | None = None
        self._bases: OrderedDict[Hashable, tuple[object, list]] = OrderedDict()
        self.png = b""
        self.full_draws = 0
        self.blits = 0
        self.overlay_blits = 0
        self.cached_backgrounds = 0
        self.layered_draws = 0
        self.unchanged = 0

    @property
    def size(self) -> tuple[int, int]:
        w, h = self.canvas.get_width_height()
        return int(w), int(h)

    def animate(self, *artists: Artist, overlay: bool = False) -> None:
        """Mark artists as moving parts: left out of the background, drawn on every render.

        ``overlay=True``: artists drawn on top of the others that often move alone (a date marker);
        when only they changed, ``render(data_changed=False)`` redraws just them over a second cached
        image that already holds the other moving artists."""
        target = self._overlay if overlay else self._animated
        for a in artists:
            a.set_animated(True)
            if a not in self._animated and a not in self._overlay:
                target.append(a)

    def layered(self, *artists: Artist, layout_key: Callable[[], Hashable] | None = None) -> None:
        """Static artists that change with the key while the rest stays: an axis (ticks, tick labels,
        grid, label) and what is drawn over it (the spines), in drawing order.

        A full draw then keeps a *base* image without them; a new key whose layout puts the axes
        where a base has them is drawn as that base plus these artists, a fraction of a full draw.
        `layout_key()` names what the layout depends on (the widest tick label of the changing
        axis): a base kept for the same value is used without computing the layout again. Without
        it the layout is computed for every new key and the bases are kept per axes position."""
        self._layered = list(artists)
        self._layout_key = layout_key
        self._bases.clear()

    @property
    def animated(self) -> tuple[Artist, ...]:
        return tuple(self._animated + self._overlay)

    def invalidate(self, key: Hashable | None = None) -> None:
        """Something static changed (limits, ticks, text): the next render redraws everything.

        `key` names the new static state completely (set it on the artists first): when a background
        for `key` is cached, it is used (with the axes' positions it was drawn with) and the next render
        is a blit. Without a key the cache is emptied: the static state is not known."""
        self._data_background = None
        self._key = key
        if key is None:
            self._backgrounds.clear()
            self._bases.clear()
            self._background = None
            return
        cached = self._backgrounds.get(key)
        if cached is None:
            self._background = None
            return
        self._backgrounds.move_to_end(key)
        self._background, positions = cached
        self._set_positions(positions)
        self.cached_backgrounds += 1

    def _draw(self, artists: list[Artist]) -> None:
        for a in artists:
            if a.get_visible():
                self.figure.draw_artist(a)

    def render(self, data_changed: bool = True) -> bytes:
        """Draw (blit when the background is cached) and return PNG bytes (also kept in ``png``).

        ``data_changed=False`` promises that only overlay artists changed since the last render."""
        canvas = self.canvas
        bbox = self.figure.bbox
        if self._background is None:
            self._draw_background()
            self._background = canvas.copy_from_bbox(bbox)
            self._data_background = None
            if self._key is not None:
                self._backgrounds[self._key] = (self._background, self._positions())
                self._backgrounds.move_to_end(self._key)
                while len(self._backgrounds) > self.MAX_BACKGROUNDS:
                    self._backgrounds.popitem(last=False)
        elif data_changed or self._data_background is None or not self._overlay:
            canvas.restore_region(self._background)
            self.blits += 1
        else:
            canvas.restore_region(self._data_background)
            self._draw(self._overlay)
            self.overlay_blits += 1
            return self._encode()
        self._draw(self._animated)
        if self._overlay:
            self._data_background = canvas.copy_from_bbox(bbox)
            self._draw(self._overlay)
        return self._encode()

    def _draw_background(self) -> None:
        """Everything but the animated artists: in full, or a kept base plus the layered artists."""
        canvas, fig = self.canvas, self.figure
        if not self._layered:
            canvas.draw()  # animated artists are skipped by a normal draw
            self.full_draws += 1
            return
        engine = fig.get_layout_engine()
        where = self._layout_key() if self._layout_key is not None else None
        kept = self._bases.get(where) if where is not None else None
        if kept is None:
            if engine is not None:
                engine.execute(fig)  # where the axes go with the new tick labels
            positions = self._positions()
            if where is None:
                where = tuple(tuple(np.round(pos.bounds, 12)) for _, pos in positions)
                kept = self._bases.get(where)
        self.full_draws += 1
        if kept is not None:
            base, positions = kept
            self._set_positions(positions)
            canvas.restore_region(base)
            self._bases.move_to_end(where)
            self.layered_draws += 1
        else:
            for a in self._layered:
                a.set_animated(True)  # left out of the drawing, still counted by the layout
            fig.set_layout_engine("none")  # the layout was just computed
            try:
                canvas.draw()
            finally:
                fig.set_layout_engine(engine)
                for a in self._layered:
                    a.set_animated(False)
            self._bases[where] = (canvas.copy_from_bbox(fig.bbox), positions)
            while len(self._bases) > 4:
                self._bases.popitem(last=False)
        for a in self._layered:
            fig.draw_artist(a)

    def _positions(self) -> list:
        return [(ax, ax.get_position(original=True).frozen()) for ax in self.figure.axes]

    @staticmethod
    def _set_positions(positions: list) -> None:
        for ax, pos in positions:
            ax._set_position(pos, which="both")  # where the layout put it when the image was drawn

    def _encode(self) -> bytes:
        """PNG of the canvas; the same bytes object as last time when no pixel changed."""
        w, h = self.size
        rgba = np.asarray(self.canvas.buffer_rgba())
        if self.png and self._last_rgba is not None and np.array_equal(rgba, self._last_rgba):
            self.unchanged += 1
            return self.png
        self._last_rgba = rgba.copy()
        self.png = encode_png(rgba, w, h)
        return self.png

    def save(self, path: str | Path) -> Path:
        """Write the last rendered PNG (exactly what the learner sees) to `path`."""
        path = Path(path)
        path.write_bytes(self.png or self.render())
        return path


def nice_ceiling(value: float) -> float:
    """A round number at or above `value` for an axis end: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    base = 10.0**exp
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * base >= value * (1 - 1e-12):
            return step * base
    return 10 * base


HEADROOM = 1.25
"""A new axis end leaves room for the data to grow by at least a quarter before the axes change."""
SHRINK_BELOW = 0.4
"""The axes shrink only when the data use less than this fraction of them."""


def fit_top(top: float | None, need: float, headroom: float = HEADROOM, shrink_below: float = SHRINK_BELOW,
            floor: float = 1.0) -> float | None:
    """The axis end for data reaching `need` when the axis now ends at `top` (None: no axis yet).

    Returns None when `top` still fits (``shrink_below * top <= need <= top``): the axes stay and the
    update is a blit. Otherwise a round number (`nice_ceiling`) at least ``headroom`` times `need`, so
    the data are never clipped and small changes after it stay inside."""
    need = max(float(need), floor) if math.isfinite(need) else floor
    if top is not None and shrink_below * top <= need <= top:
        return None
    return nice_ceiling(need * headroom)
