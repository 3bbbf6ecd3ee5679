"""Chinese must render in every chart: the bundled font is registered and covers the course's text."""

import io
import re
import warnings
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from overdue import charts
from overdue.contentfiles import content_dir

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def render_with_every_text_role(text: str) -> list[str]:
    """Draw `text` as title, axis labels, tick labels, legend, annotation; return warnings."""
    fig = charts.new_figure()
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1, 3, 2], label=text)
    ax.set_title(text)
    ax.set_xlabel(text)
    ax.set_ylabel(text)
    ax.set_xticks([0, 1, 2], [text, "逾期天数", "¥1,000"])
    ax.yaxis.set_major_formatter(charts.yuan_formatter)
    ax.legend()
    ax.annotate(text, (1, 3))
    fig.suptitle(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught]


def test_chinese_renders_in_every_text_role_without_missing_glyphs():
    caught = render_with_every_text_role("逾期罚息与复利（年化 27.4%）−¥12")
    assert not [w for w in caught if "missing" in w.lower()], caught


def test_the_check_would_notice_a_missing_glyph():
    # A character outside the subset (a rare CJK Extension B ideograph) must warn; otherwise the
    # test above could never fail.
    caught = render_with_every_text_role("\U00020000")
    assert any("missing" in w.lower() for w in caught)


def test_the_course_font_is_the_first_sans_serif_family():
    import matplotlib

    assert matplotlib.rcParams["font.sans-serif"][0] == charts.FONT_FAMILY == "Noto Sans SC"
    assert charts.FONT_FILE.exists()
    assert (charts.FONT_FILE.parent / "OFL.txt").exists()


def course_strings() -> set[str]:
    """Every CJK character in the content (charts and widgets draw their labels from it)."""
    chars: set[str] = set()
    for path in content_dir().rglob("*.yaml"):
        chars.update(CJK.findall(path.read_text(encoding="utf-8")))
    for folder in ("src/overdue/widgets", "src/overdue/charts.py"):
        p = ROOT / folder
        for path in [p] if p.is_file() else p.rglob("*.py"):
            chars.update(CJK.findall(path.read_text(encoding="utf-8")))
    return chars


def test_the_font_covers_every_chinese_character_the_course_uses():
    cmap = TTFont(charts.FONT_FILE).getBestCmap()
    missing = sorted(c for c in course_strings() if ord(c) not in cmap)
    assert not missing, f"rebuild the font subset (make font): missing {''.join(missing)}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12345.678, "¥12,345.68"), (0, "¥0.00"), (-12, "\u2212¥12.00")],
)
def test_yuan_formatter(value, shown):
    assert charts.yuan(value) == shown


def test_palette_has_distinct_colour_blind_safe_colours():
    assert len(set(charts.CYCLE)) == len(charts.CYCLE) >= 6
    assert charts.PALETTE["blue"] == "#0072B2"  # Okabe-Ito
