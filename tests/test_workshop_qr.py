"""The QR codes decode to the address participants must open, read by a real decoder (ZXing).

The terminal forms are drawn to pixels the way a terminal shows them, then decoded; the PNG is the
one the dashboard shows. A QR code that looks right but scans to a wrong or truncated address would
send a whole class to nowhere.
"""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image

from overdue.workshop.qr import print_qr, qr_png, qr_text, with_code

URLS = [
    "http://192.168.1.23:8866/?code=4821",
    "http://10.0.0.5:9000/",
    "http://[fe80::1]:8866/?code=0042",
]
CELL = 6  # pixels per module


def decode(img) -> list[str]:
    """Strict, like a simple phone scanner: dark modules on light paper only (no inverted codes)."""
    found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    return [r.text for r in found]


def text_to_image(text: str, ink: int, paper: int):
    """Half-block text as a terminal shows it: a glyph paints its top/bottom half in the text colour
    (`ink`), a blank (space or no-break space) leaves the background (`paper`)."""
    rows = text.rstrip("\n").split("\n")
    width = max(len(r) for r in rows)
    img = Image.new("L", (width * CELL, len(rows) * 2 * CELL), paper)
    px = img.load()
    halves = {"█": (True, True), "▀": (True, False), "▄": (False, True)}
    for y, row in enumerate(rows):
        for x, ch in enumerate(row):
            top, bottom = halves.get(ch, (False, False))
            for half, on in ((0, top), (1, bottom)):
                if on:
                    for dy in range(CELL):
                        for dx in range(CELL):
                            px[x * CELL + dx, (2 * y + half) * CELL + dy] = ink
    return img


def ansi_to_image(text: str):
    """ANSI output (background 47 white / 40 black, two spaces per module) as a terminal shows it."""
    rows = []
    for line in text.rstrip("\n").split("\n"):
        row: list[int] = []
        colour = 255
        for m in re.finditer(r"\x1b\[([0-9;]*)m|( +)", line):
            code, spaces = m.group(1), m.group(2)
            if code is not None:
                parts = code.split(";")
                if "47" in parts:
                    colour = 255
                elif "40" in parts:
                    colour = 0
            elif spaces:
                row += [colour] * (len(spaces) // 2)
        rows.append(row)
    width = max(len(r) for r in rows)
    img = Image.new("L", (width * CELL, len(rows) * CELL), 128)
    px = img.load()
    for y, row in enumerate(rows):
        for x, c in enumerate(row):
            for dy in range(CELL):
                for dx in range(CELL):
                    px[x * CELL + dx, y * CELL + dy] = c
    return img


@pytest.mark.parametrize("url", URLS)
def test_the_dashboard_png_scans_to_the_address(url):
    assert decode(Image.open(io.BytesIO(qr_png(url)))) == [url]


@pytest.mark.parametrize("url", URLS)
def test_the_terminal_code_scans_to_the_address_on_any_terminal(url):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    print_qr(url, out=out)
    assert decode(ansi_to_image(out.getvalue())) == [url]


@pytest.mark.parametrize("url", URLS)
def test_the_text_code_in_a_log_scans_on_a_dark_terminal(url):
    # light glyphs on a dark background: the glyphs draw the white modules and the quiet zone
    assert decode(text_to_image(qr_text(url), ink=230, paper=20)) == [url]


def test_the_session_link_carries_the_code_into_the_scan():
    url = with_code("http://192.168.1.23:8866/", "4821")
    assert decode(Image.open(io.BytesIO(qr_png(url)))) == ["http://192.168.1.23:8866/?code=4821"]
