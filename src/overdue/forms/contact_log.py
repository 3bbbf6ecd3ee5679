"""The contact log of lesson 05: record every contact by a collector, check it, export it.

State (`ContactLog`) is plain Python, testable without a browser; `overdue.widgets.contact_log.ContactLogView` is a thin
ipywidgets view over it. Entries are checked as they are added: a bad field gives a Chinese message
(`LogInputError.message`) and the log keeps what it had. A real ID-card, bank-card or mobile number
is refused (overdue.privacy), both when added and when exported; only the field made for it, the
caller's number (来电号码), may hold a phone number.

The view (overdue.widgets) keeps the log in the progress store as the learner works (overdue.widgets.records), so it
comes back after a kernel restart; 清除我的记录 deletes it after a confirmation. A CSV file this
log exported can be read back (`import_csv`).

    log = ContactLog()
    log.add("2026-11-03", "23:10", "自称某公司的王先生", "visit", "敲门说今天必须还")
    log.findings()            # industry-limit findings (overdue.rules.check_log)
    log.export_csv()          # -> Path of 我的文件/催收联络记录_....csv under the working directory
    log.export_html()         # printable HTML (content/templates/contact_log.html.j2)
    log.import_csv(path)      # -> (entries added, Chinese messages for rows left out)
    ContactLogView().widget   # the form
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .. import exports, inputs
from ..exports import DEFAULT_FOLDER as DEFAULT_FOLDER  # re-exported: the folder's name, as before
from ..i18n import text, ui
from ..inputs import InputError
from ..privacy import normalised, refusal
from ..privacy import sensitive_number as sensitive_number  # re-exported: lessons and tests import it here
from ..rules import Finding, RulePack, check_log, load_rule_pack

MAX_WHO = 60
MAX_SAID = 500
MAX_IMPORT_BYTES = 2_000_000
MAX_ENTRIES = 2000
COLUMNS = ("day", "at", "who", "channel", "said", "number")
# A caller's number: digits, maybe + ( ) spaces or dashes; 3 (short service numbers) to 15 digits.
_CALLER_NUMBER = re.compile(r"\+?[0-9][0-9 \-()]*")
FILE_STEM = "催收联络记录"

# Fictional sample data for the lesson (no real names, numbers or companies).
SAMPLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("2026-11-02", "10:00", "自称某催收公司的王先生和李先生（出示了工作证）", "visit",
     "在门口说明欠款，我没让进门，他们留下电话后离开。"),
    ("2026-11-02", "23:10", "不认识的人，没说名字", "visit", "敲门说来催款，我没开门，隔门说白天再联系。"),
    ("2026-11-03", "07:20", "王先生", "call_connected", "问今天能不能还清。"),
    *(("2026-11-03", f"{h:02d}:{m:02d}", "尾号 0000 的号码", "call_missed", "没接到。")
      for h, m in ((9, 5), (9, 40), (10, 15), (11, 0), (13, 30), (14, 10), (15, 45), (17, 20))),
    ("2026-11-04", "09:30", "王先生", "call_connected", "我说月底前先还一部分。"),
    ("2026-11-04", "11:00", "王先生", "call_connected", "又问能不能今天还。"),
    ("2026-11-04", "14:00", "王先生", "call_connected", "同样的问题。"),
    ("2026-11-04", "16:00", "王先生", "call_connected", "第 4 次打来，说“不还就去你单位”。"),
    ("2026-11-05", "09:30", "表姐转告", "third_party", "催收员打给表姐，说我欠钱不还。"),
)


HTML_CSS = (
    f"body{{font-family:{exports.PAGE_FONTS};margin:2em;color:#111}}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:4px 6px;"
    "text-align:left;vertical-align:top}th{background:#eee}.note{color:#333;font-size:90%}"
    "@media print{body{margin:1cm}}"
)


LogInputError = InputError  # the one input error type (overdue.inputs): field + Chinese message


def _check_sensitive(field_label: str, field: str, value: str, allow_phone: bool = False) -> None:
    message = refusal(value, field_label, allow_phone=allow_phone)
    if message:
        raise LogInputError(field, message)


def check_caller_number(value: object) -> str:
    """The caller's number as typed (stripped), "" when not given; LogInputError when it is not a
    phone number or is an ID-card or bank-card number."""
    s = " ".join(normalised(str(value or "")).split())
    if not s:
        return ""
    digits = re.sub(r"\D", "", s)
    if not _CALLER_NUMBER.fullmatch(s) or not 3 <= len(digits) <= 15:
        raise LogInputError("number", ui("contact_log.bad_number"))
    _check_sensitive(ui("contact_log.col_number"), "number", s, allow_phone=True)
    return s


def parse_day(value: str | dt.date) -> dt.date:
    """'2026-11-03', '2026/11/3' or '2026年11月3日' -> date; else LogInputError."""
    try:
        return inputs.day(value, "day")
    except InputError:
        raise LogInputError("day", ui("contact_log.bad_day"), "date") from None


def parse_at(value: str | dt.time) -> dt.time:
    """'23:10' (also '23：10', '9:05') -> time; else LogInputError."""
    if isinstance(value, dt.time):
        return value
    s = str(value or "").strip().replace("：", ":")
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", s)
    try:
        if not m:
            raise ValueError(s)
        return dt.time(int(m.group(1)), int(m.group(2)))
    except ValueError:
        raise LogInputError("at", ui("contact_log.bad_at")) from None


@dataclass(frozen=True)
class LogEntry:
    day: dt.date
    at: dt.time
    who: str
    channel: str
    said: str
    number: str = ""  # the caller's number, when the learner wrote it down


class ContactLog:
    """A list of contacts, validated on entry; checks against the industry limits; CSV/HTML export."""

    def __init__(self, pack: RulePack | None = None, folder: str | Path | None = None):
        self.pack = pack or load_rule_pack()
        self.folder = Path(folder) if folder is not None else None
        self.entries: list[LogEntry] = []

    # -- editing ----------------------------------------------------------------------------
    def make_entry(self, day: str | dt.date, at: str | dt.time, who: str, channel: str, said: str,
                   number: str = "") -> LogEntry:
        """Validate one entry without adding it (LogInputError on the first bad field)."""
        d = parse_day(day)
        t = parse_at(at)
        who = str(who or "").strip()
        said = str(said or "").strip()
        if not who:
            raise LogInputError("who", ui("contact_log.who_missing"))
        if len(who) > MAX_WHO:
            raise LogInputError("who", ui("contact_log.too_long", field=ui("contact_log.col_who"), max=MAX_WHO))
        if not isinstance(channel, str) or channel not in {c.id for c in self.pack.channels}:
            raise LogInputError("channel", ui("contact_log.bad_channel"))
        if not said:
            raise LogInputError("said", ui("contact_log.said_missing"))
        if len(said) > MAX_SAID:
            raise LogInputError("said", ui("contact_log.too_long", field=ui("contact_log.col_said"), max=MAX_SAID))
        _check_sensitive(ui("contact_log.col_who"), "who", who)
        _check_sensitive(ui("contact_log.col_said"), "said", said)
        return LogEntry(d, t, who, channel, said, check_caller_number(number))

    def add(self, day: str | dt.date, at: str | dt.time, who: str, channel: str, said: str,
            number: str = "") -> LogEntry:
        if len(self.entries) >= MAX_ENTRIES:
            raise LogInputError("log", ui("contact_log.full", n=MAX_ENTRIES))
        entry = self.make_entry(day, at, who, channel, said, number)
        self.entries.append(entry)
        return entry

    def remove_last(self) -> None:
        if self.entries:
            self.entries.pop()

    def clear(self) -> None:
        self.entries.clear()

    def load_sample(self) -> int:
        """Replace the log by the fictional sample; returns the number of entries."""
        self.entries = [self.make_entry(*row) for row in SAMPLE]
        return len(self.entries)

    # -- keeping across restarts --------------------------------------------------------------
    def to_record(self) -> dict:
        """The entries as JSON data (for the progress store)."""
        return {"entries": [[f"{e.day:%Y-%m-%d}", f"{e.at:%H:%M}", e.who, e.channel, e.said, e.number]
                            for e in self.entries]}

    def from_record(self, data: object) -> int:
        """Replace the entries by a stored record's; rows that no longer pass the checks are left
        out. Returns how many were left out."""
        rows = data.get("entries") if isinstance(data, dict) else None
        entries, skipped = [], 0
        for row in rows if isinstance(rows, list) else []:
            try:
                entries.append(self.make_entry(*row[:6]))
            except (LogInputError, TypeError, ValueError, KeyError):
                skipped += 1
        self.entries = entries[:MAX_ENTRIES]
        return skipped

    def import_csv(self, source: str | Path | bytes) -> tuple[int, list[str]]:
        """Add the entries of a CSV file this log exported (a path, the file's bytes or its text).
        Rows already in the log are not added twice; a row that does not pass the checks is left
        out with a Chinese message naming its line. LogInputError when the file cannot be read."""
        try:
            if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and len(source) < 4096
                                            and Path(source).suffix.lower() == ".csv"):
                raw = Path(source).read_bytes()[:MAX_IMPORT_BYTES + 1]
            else:
                raw = source if isinstance(source, bytes) else str(source).encode("utf-8")
            if len(raw) > MAX_IMPORT_BYTES:
                raise ValueError("too big")
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        except (OSError, UnicodeDecodeError, ValueError, csv.Error):
            raise LogInputError("import", ui("contact_log.import_bad_file")) from None
        header = [h.strip() for h in rows[0]] if rows else []
        names = {ui(f"contact_log.col_{k}"): k for k in COLUMNS}
        where = {names[h]: i for i, h in enumerate(header) if h in names}
        if any(k not in where for k in COLUMNS[:5]):
            raise LogInputError("import", ui("contact_log.import_bad_file"))
        channels = {text(c.label): c.id for c in self.pack.channels} | {c.id: c.id for c in self.pack.channels}
        seen = set(self.entries)
        added, problems = 0, []
        for line, row in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in row):
                continue
            cell = {k: exports.csv_uncell(row[i]) if i < len(row) else "" for k, i in where.items()}
            try:
                entry = self.make_entry(cell["day"], cell["at"], cell["who"], channels.get(cell["channel"].strip(), ""),
                                        cell["said"], cell.get("number", ""))
                if entry in seen:
                    continue
                if len(self.entries) >= MAX_ENTRIES:
                    raise LogInputError("log", ui("contact_log.full", n=MAX_ENTRIES))
            except LogInputError as exc:
                problems.append(ui("contact_log.import_row", row=line, message=exc.message))
                continue
            self.entries.append(entry)
            seen.add(entry)
            added += 1
        return added, problems

    def sorted_entries(self) -> list[LogEntry]:
        return sorted(self.entries, key=lambda e: (e.day, e.at))

    # -- checking ---------------------------------------------------------------------------
    def findings(self) -> list[Finding]:
        return check_log(self.entries, self.pack)

    def finding_lines(self) -> list[str]:
        """The findings as Chinese sentences (empty list: nothing above the industry limits)."""
        lines = []
        for f in self.findings():
            lines.append(ui(f"contact_log.finding_{f.kind}", day=f"{f.day:%Y-%m-%d}", count=f.count, limit=f.limit))
        return lines

    def channel_label(self, channel_id: str) -> str:
        return text(self.pack.channel(channel_id).label)

    def as_text(self) -> str:
        """The log as plain text, one entry a line, in time order (for notebooks and printing)."""
        if not self.entries:
            return ui("contact_log.empty")
        return "\n".join("  ".join(row) for row in self._rows())

    # -- export -----------------------------------------------------------------------------
    def _rows(self) -> list[list[str]]:
        return [
            [f"{e.day:%Y-%m-%d}", f"{e.at:%H:%M}", e.who, self.channel_label(e.channel), e.said, e.number]
            for e in self.sorted_entries()
        ]

    def _header(self) -> list[str]:
        return [ui(f"contact_log.col_{k}") for k in COLUMNS]

    def _guard(self) -> None:
        if not self.entries:
            raise LogInputError("log", ui("contact_log.nothing_to_export"))
        for e in self.entries:  # entries may have been built by hand: check again before writing
            _check_sensitive(ui("contact_log.col_who"), "who", e.who)
            _check_sensitive(ui("contact_log.col_said"), "said", e.said)
            check_caller_number(e.number)

    def to_csv(self) -> str:
        """CSV text (header in Chinese). Cells starting with = + - @ are quoted against formula injection."""
        self._guard()
        return exports.csv_text(self._header(), self._rows())

    def to_html(self, today: dt.date | None = None) -> str:
        """A printable, self-contained HTML page of the log (content/templates/contact_log.html.j2);
        everything escaped."""
        self._guard()
        today = today or dt.date.today()
        texts = {k: ui(f"contact_log.{k}") for k in ("html_title", "summary_title", "summary_none",
                                                        "industry_note", "html_footer")}
        texts["made"] = ui("contact_log.html_made", day=f"{today:%Y-%m-%d}", n=len(self.entries))
        return exports.render("contact_log.html.j2", t=texts, css=HTML_CSS, header=self._header(),
                              rows=self._rows(), findings=self.finding_lines())

    def _target(self, folder: str | Path | None, suffix: str) -> Path:
        base = exports.folder_for(folder, self.folder)
        try:
            exports.ensure_folder(base)
        except OSError:
            raise LogInputError("folder", ui("contact_log.bad_folder", folder=str(base))) from None
        return exports.stamped_path(base, FILE_STEM, suffix)

    def export_csv(self, folder: str | Path | None = None) -> Path:
        data = self.to_csv()
        return exports.write_csv(self._target(folder, "csv"), data)

    def export_html(self, folder: str | Path | None = None) -> Path:
        data = self.to_html()
        return exports.write_text(self._target(folder, "html"), data)
