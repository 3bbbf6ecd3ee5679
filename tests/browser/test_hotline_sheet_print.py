"""The sheet of whom to call for what prints on one A4 page, with room to spare for other fonts
(Windows prints it with Microsoft YaHei, not the Noto font this machine has)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from overdue.forms.action_plan import CALLS
from overdue.workshop import handouts

pytestmark = pytest.mark.browser
PX_PER_MM = 96 / 25.4
# A4 less the margins of the sheet's @page rule (12 mm top and bottom, 14 mm left and right)
PRINT_WIDTH_MM, PRINT_HEIGHT_MM = 210 - 2 * 14, 297 - 2 * 12


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_sheet_prints_on_one_page_with_room_to_spare(browser, tmp_path):
    path = handouts.save_hotline_sheet(tmp_path, today=dt.date(2026, 12, 6))
    pg = browser.new_page(viewport={"width": round(PRINT_WIDTH_MM * PX_PER_MM), "height": 900})
    try:
        pg.goto(path.as_uri())
        # every number is drawn large enough to read at arm's length
        for number in CALLS:
            cell = pg.locator(f"tr[data-number='{number}'] td.number")
            assert cell.inner_text().strip() == number
            assert float(cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24  # px (18pt)
        a4 = pg.pdf(format="A4", prefer_css_page_size=True)
        pg.emulate_media(media="print")
        used = pg.evaluate("document.documentElement.scrollHeight")
    finally:
        pg.close()
    assert pages(a4) == 1
    # at most 92% of the printable height: a font with taller lines (YaHei) does not spill onto page 2
    assert used <= 0.92 * PRINT_HEIGHT_MM * PX_PER_MM, f"{used} px of {PRINT_HEIGHT_MM * PX_PER_MM:.0f}"
