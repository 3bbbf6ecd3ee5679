"""The address participants open, and its QR code (terminal text and PNG)."""

from __future__ import annotations

import io
import socket

import qrcode


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent); 127.0.0.1 if offline."""
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.connect((probe, 1))
            ip = s.getsockname()[0]
            if ip and not ip.startswith("0."):
                return ip
        except OSError:
            continue
        finally:
            s.close()
    return "127.0.0.1"


def participant_url(host: str, port: int) -> str:
    """The URL to give participants for a server bound to `host`."""
    if host in ("0.0.0.0", "", "::", "*"):
        host = lan_address()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{int(port)}/"


def with_code(url: str, code: str | None) -> str:
    """The URL with the session code filled in (scanning it pre-fills the code box)."""
    if not code:
        return url
    return f"{url}{'&' if '?' in url else '?'}code={code}"


def _qr(data: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def qr_text(data: str) -> str:
    """A QR code drawn with half-block characters for a dark background (light text): the glyphs
    draw the light modules and the quiet zone. On a light background it shows inverted, which some
    scanners do not read; a real terminal gets `print_qr`'s coloured form instead, right on both."""
    out = io.StringIO()
    _qr(data).print_ascii(out=out, invert=True)
    return out.getvalue()


def print_qr(data: str, out=None) -> None:
    """Print the QR code to a terminal: ANSI white/black blocks on a real terminal (any background),
    half-block text otherwise (a log file, a pipe)."""
    import sys

    out = out or sys.stdout
    if hasattr(out, "isatty") and out.isatty():
        _qr(data).print_tty(out=out)
    else:
        out.write(qr_text(data))
    out.flush()


def qr_png(data: str, box_size: int = 10) -> bytes:
    """A QR code as PNG bytes (black on white), for the dashboard."""
    img = _qr(data)
    img.box_size = box_size
    buf = io.BytesIO()
    img.make_image(fill_color="black", back_color="white").save(buf, format="PNG")
    return buf.getvalue()
