"""One chart style for the whole course.

Importing this module registers the bundled Noto Sans SC subset with matplotlib, so Chinese titles,
labels, legends and tick labels render on a machine with no Chinese system font (offline, Binder,
conda). It also sets sizes readable on a projector and a colour-blind-safe palette (Okabe-Ito).
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter

FONT_FILE = Path(str(resources.files("overdue") / "fonts" / "NotoSansSC-CourseSubset.otf"))

# Okabe & Ito (2008), safe for the common forms of colour blindness; order chosen so that the first
# colours stay distinct in grey print too.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]
# Hatches for stacked areas, so parts differ by more than colour.
HATCHES = ["", "//", "..", "xx", "\\\\", "++"]


def register_font() -> str:
    """Register the bundled font with matplotlib and return its family name."""
    font_manager.fontManager.addfont(str(FONT_FILE))
    return font_manager.FontProperties(fname=str(FONT_FILE)).get_name()


FONT_FAMILY = register_font()

STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
    "axes.unicode_minus": True,  # U+2212 is in the font
    "font.size": 13,
    "axes.titlesize": 16,
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.5,
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
}
matplotlib.rcParams.update(STYLE)


def yuan(value: float | Decimal, _pos: object = None, *, decimals: int = 2) -> str:
    """Format an amount as ¥12,345.67 (negative as −¥12.00)."""
    v = float(value)
    sign = "\u2212" if v < 0 else ""
    return f"{sign}¥{abs(v):,.{decimals}f}"


yuan_formatter = FuncFormatter(lambda v, pos: yuan(v, pos, decimals=0))
"""A tick formatter for money axes: ¥12,345 (no fen on ticks)."""


def new_figure(width: float = 8, height: float = 4.5, **kwargs):
    """A figure in the course style that is not shown by pyplot on its own (for widgets)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained", **kwargs)
