"""Build the chart font shipped in src/overdue/fonts/ from the full Noto Sans SC.

The subset keeps GB2312 (the 6,763 common simplified characters), ASCII, Latin-1, general and
CJK punctuation, full-width forms, and every character used in the course's content and notebooks,
so charts render Chinese on any machine, offline. Run it again after adding text that uses a rare
character (tests/test_charts.py says when).

    python scripts/build_font_subset.py [path/to/NotoSansSC-Regular.otf]

Without a path it takes the OTF (and its OFL licence) from the PyPI package pylopdf-fonts-zh-cn:
    pip download --no-deps -d /tmp/font pylopdf-fonts-zh-cn && unzip it, or pip install it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "overdue" / "fonts"
OUT_FONT = OUT_DIR / "NotoSansSC-CourseSubset.otf"
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (¥, ×, ·)
    (0x2010, 0x205E),  # general punctuation
    (0x2100, 0x2199),  # letter-like symbols, arrows
    (0x2212, 0x2212),  # minus sign
    (0x2460, 0x2473),  # circled numbers
    (0x3000, 0x303F),  # CJK punctuation
    (0xFF01, 0xFF5E),  # full-width forms
    (0xFFE0, 0xFFE6),  # full-width ¥ etc.
]


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def course_chars() -> set[str]:
    chars: set[str] = set()
    for folder in ("src/overdue/content", "notebooks", "solutions"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".yaml", ".ipynb", ".md"}:
                chars.update(path.read_text(encoding="utf-8"))
    return chars


def source_font() -> tuple[Path, Path | None]:
    if len(sys.argv) > 1:
        return Path(sys.argv[1]), None
    import pylopdf_fonts_zh_cn  # the OFL-licensed Noto Sans SC on PyPI

    folder = Path(pylopdf_fonts_zh_cn.__file__).parent
    dist = next(folder.parent.glob("pylopdf_fonts_zh_cn-*.dist-info"))
    licence = next(iter(dist.rglob("LICENSE*")), None)
    return folder / "NotoSansSC-Regular.otf", licence


def main() -> None:
    src, licence = source_font()
    wanted = gb2312_chars() | course_chars()
    for lo, hi in RANGES:
        wanted.update(chr(c) for c in range(lo, hi + 1))
    cmap = TTFont(src).getBestCmap()
    unicodes = sorted(ord(c) for c in wanted if ord(c) in cmap)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(src)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    font.save(OUT_FONT)
    if licence is not None:
        copyright_line = TTFont(src)["name"].getDebugName(0) or ""
        (OUT_DIR / "OFL.txt").write_text(
            f"{copyright_line}\n\n{licence.read_text(encoding='utf-8')}", encoding="utf-8"
        )
    print(f"{OUT_FONT.relative_to(ROOT)}: {len(unicodes)} characters, {OUT_FONT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
