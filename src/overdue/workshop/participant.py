"""The participant's page (served by Voila): join with a code and a nickname, then one question
at a time with feedback, or a role-play scene by scene.

The view is thin: state and rules live in `ParticipantFlow`. Everything from content or from a
person goes through `html.escape` before it reaches an HTML widget; button labels are plain text.
No handler lets an exception reach the page: the participant sees a short Chinese message instead.
CSS classes ``ow-*`` are stable hooks for the browser tests.
"""

from __future__ import annotations

import asyncio
import functools
import html
import os
import re
from typing import Any
from urllib.parse import parse_qs, quote

import ipywidgets as w

from ..i18n import text, ui
from ..quiz.types import renderer
from .flow import PRESENCE_BEAT, ParticipantFlow, Result, Step, answer_text, plan
from .store import Participant, SessionClosed, WorkshopError, WorkshopStore
from .voila_query import wait_for_query

WAIT_POLL_SECONDS = 2.0

CSS = """
<style>
.ow-root { width: 100%; max-width: 680px; margin: 0 auto; padding: 4px 10px 40px; box-sizing: border-box;
  font-size: 18px; line-height: 1.55; }
.ow-root .widget-html-content, .ow-root .widget-html { font-size: 18px; line-height: 1.6; white-space: normal;
  overflow-wrap: anywhere; }
.ow-root h2 { font-size: 24px; margin: 8px 0; }
.ow-root .ow-muted { color: #444; font-size: 16px; }
.ow-root .widget-text input { font-size: 18px; height: 44px; box-sizing: border-box; width: 100%; }
.ow-root, .ow-root .widget-box { overflow: visible; }
.ow-root .widget-box > .jupyter-widgets { margin-left: 0; margin-right: 0; }
.ow-root .widget-text, .ow-root .widget-button, .ow-root .widget-html { box-sizing: border-box; max-width: 100%; }
.ow-root .widget-text { margin-left: 0; margin-right: 0; }
.ow-root .widget-button { height: auto; min-height: 46px; font-size: 18px; border-radius: 8px; }
.ow-root .ow-option, .ow-root .ow-choice { width: 100%; white-space: normal; text-align: left;
  padding: 10px 14px; margin: 4px 0; line-height: 1.45; border: 2px solid #767676; background: #fff; color: #111; }
.ow-root .ow-option.ow-selected { border: 3px solid #0072B2; background: #e3f0f8; font-weight: bold; }
.ow-root .ow-primary { background: #0072B2; color: #fff; width: 100%; margin-top: 8px; }
.ow-root .ow-next { position: sticky; bottom: 10px; z-index: 5; box-shadow: 0 2px 10px rgba(0, 0, 0, 0.35); }
.ow-root .ow-feedback { border-left: 6px solid #767676; padding: 4px 12px; margin: 8px 0; background: #f6f6f6; }
.ow-root .ow-feedback.ow-right { border-left-color: #009E73; }
.ow-root .ow-feedback.ow-wrong { border-left-color: #D55E00; }
.ow-root .ow-error { color: #A33A00; font-weight: bold; }
.ow-root .ow-field { width: 100%; }
</style>
"""


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _p(content: str, cls: str = "") -> str:
    return f'<div class="{cls}">{content}</div>' if cls else f"<div>{content}</div>"


class ParticipantApp:
    """The live-quiz page. Show ``app.widget``.

    `query_string`: the page's URL query (``code=1234`` pre-fills the code; ``resume=<token>``
    continues a participant). If None, it is read from Voila (``QUERY_STRING``; with pre-heated
    kernels Voila hands it over after the page is requested, so it is awaited in the background:
    see `voila_query`).
    """

    def __init__(
        self,
        store: WorkshopStore | None = None,
        query_string: str | None = None,
        cookie: str | None = None,
    ):
        self.flow = ParticipantFlow(store)
        self._cookie = cookie  # None: read from Voila (the page request's Cookie header)
        self._beat_task: asyncio.Task | None = None
        self._follow_task: asyncio.Task | None = None
        self._anchor_seen = 0  # the session's `anchor` when this screen was chosen (see follow_class)
        self._pending: Participant | None = None  # waiting for "是你本人吗？"
        self.step: Step | None = None
        self.last_result: Result | None = None
        self._poll_task: asyncio.Task | None = None
        self.body = w.VBox(layout=w.Layout(width="100%"))
        self.widget = w.VBox([w.HTML(CSS + _page_texts()), self.body], layout=w.Layout(width="100%"))
        self.widget.add_class("ow-root")
        self._show_join()
        if query_string is not None:
            self._safe(self.apply_query)(query_string)
        else:
            self._watch_query()
        self._warm_up_later()

    def _warm_up_later(self) -> None:
        """In a pre-heated kernel (before anyone asks for it), load the quiz engine, the references
        and the banks of open sessions, so that joining takes no time."""
        if os.environ.get("VOILA_PREHEAT", "False") == "True":
            warm_up(self.flow.store)

    # -- plumbing ----------------------------------------------------------------------------------
    def _safe(self, fn):
        """Wrap a widget callback: no exception ever reaches the participant's page."""

        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except SessionClosed:
                self._show_closed()
            except WorkshopError as exc:
                self._error(str(exc))
            except Exception:  # written to a log file beside the database, never shown on the page
                record_error(self.flow.store, "participant page")
                self._error(ui("workshop.unavailable"))

        return run

    def _error(self, message: str) -> None:
        if getattr(self, "error", None) is not None:
            self.error.value = _p(esc(message), "ow-error")

    def _set(self, *children: w.Widget) -> None:
        """Show a new screen; the previous screen's widgets are closed (kernel and page forget them)."""
        self._stop_polling()
        old = self.body.children
        self.error = w.HTML("").add_class("ow-error-box")
        self.body.children = (*children, self.error)
        for widget in old:
            _close_tree(widget)

    def _button(self, label: str, cls: str, handler, primary: bool = True) -> w.Button:
        b = w.Button(description=label, layout=w.Layout(width="100%" if primary else "auto"))
        b.add_class(cls)
        if primary:
            b.add_class("ow-primary")
        b.on_click(self._safe(lambda _b: handler()))
        return b

    # -- query string ------------------------------------------------------------------------------
    def apply_query(self, query: str | None) -> None:
        params = parse_qs(query or "")
        token = (params.get("resume") or [""])[0]
        code = (params.get("code") or [""])[0]
        nick = (params.get("nick") or [""])[0]
        if token and self.flow.participant is None and self.flow.resume(token) is not None:
            self._started()
            self._show_position()
            return
        if self.flow.participant is not None or not hasattr(self, "code_box"):
            return
        if code:
            self.code_box.value = code[:8]
        if nick:
            self.nick_box.value = nick[:40]
        if code and nick and (params.get("rejoin") or [""])[0] == "1":  # the button of a dead page
            self._join()

    def _watch_query(self) -> None:
        query = os.environ.get("QUERY_STRING")
        if os.environ.get("VOILA_PREHEAT", "False") != "True":
            if query:
                self._safe(self.apply_query)(query)
            return
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return

        async def wait_for_request():
            try:
                q = await wait_for_query()
            except Exception:  # the code box can still be typed in; nothing reaches the page
                record_error(self.flow.store, "query string")
                return
            if q is not None:
                self._safe(self.apply_query)(q)

        loop.create_task(wait_for_request())

    # -- join --------------------------------------------------------------------------------------
    def _show_join(self) -> None:
        self.code_box = _text_box(ui("workshop.code_placeholder"), "ow-code")
        self.nick_box = _text_box(ui("workshop.nick_placeholder"), "ow-nick")
        self._set(
            w.HTML(f"<h2>{esc(ui('workshop.title'))}</h2>" + _p(esc(ui("workshop.welcome")), "ow-muted")),
            w.HTML(f"<b>{esc(ui('workshop.code_label'))}</b>"),
            self.code_box,
            w.HTML(f"<b>{esc(ui('workshop.nick_label'))}</b>"),
            self.nick_box,
            self._button(ui("workshop.join"), "ow-join", self._join),
        )

    def _join(self) -> None:
        # find() refuses a nickname holding a phone, ID or card number (overdue.privacy.refusal)
        participant = self.flow.find(self.code_box.value, self.nick_box.value)
        if self.flow.other_page_active(participant) and participant.token not in self.known_tokens():
            self._ask_same_person(participant)
            return
        self._take(participant)

    def _take(self, participant: Participant) -> None:
        self._pending = None
        self.flow.take(participant)
        self._started()
        self._show_position()

    def _ask_same_person(self, participant: Participant) -> None:
        """The nickname is in use on another page: continue only if this is the same person."""
        self._pending = participant
        code = self.code_box.value
        self._set(
            w.HTML(
                f"<h2>{esc(ui('workshop.same_person', nickname=participant.nickname))}</h2>"
                + _p(esc(ui("workshop.same_person_note")), "ow-muted")
            ).add_class("ow-same-person"),
            self._button(ui("workshop.same_person_yes"), "ow-same-yes", lambda: self._take(participant)),
            self._button(ui("workshop.same_person_no"), "ow-same-no", lambda: self._other_nickname(code)),
        )

    def _other_nickname(self, code: str) -> None:
        self._pending = None
        self._show_join()
        self.code_box.value = code

    def known_tokens(self) -> set[str]:
        """Participants this browser has been (kept by the page in a cookie): the same device."""
        raw = self._cookie if self._cookie is not None else os.environ.get("HTTP_COOKIE", "")
        # read with a pattern, not http.cookies: one cookie it finds malformed (a hub's, a proxy's)
        # makes it drop the others
        found = _DEVICE_COOKIE_RE.search(raw or "")
        return set(found.group(1).split(".")) - {""} if found else set()

    def _started(self) -> None:
        """Now that a participant is on this page, keep telling other pages so (see flow.beat)."""
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
        if not loop.is_running() or self._beat_task is not None:  # plain Python (tests): join only
            return

        async def beat():
            while True:
                await asyncio.sleep(PRESENCE_BEAT)
                try:
                    self.flow.beat()
                except Exception:  # a busy database: the next beat will do
                    record_error(self.flow.store, "presence")

        self._beat_task = loop.create_task(beat())

        async def follow():
            while True:
                await asyncio.sleep(WAIT_POLL_SECONDS)
                if self.flow.session is None or not self.flow.session.paced:
                    continue
                try:
                    moved = self.class_moved()
                except Exception:  # a busy database: the next check will do; nothing on the page
                    record_error(self.flow.store, "follow")
                    continue
                if moved:
                    self._safe(self._show_position)()

        self._follow_task = loop.create_task(follow())

    def class_moved(self) -> bool:
        """True when the instructor of a paced session has used 跳到… since this screen was chosen."""
        session = self.flow.refresh()
        return session.paced and session.anchor != self._anchor_seen

    def follow_class(self) -> None:
        """A paced session that the instructor moved with 跳到… takes this phone there (the page
        checks every WAIT_POLL_SECONDS)."""
        if self.class_moved():
            self._show_position()

    def join(self, code: str, nickname: str) -> None:
        """Programmatic join (tests, notebooks)."""
        self.code_box.value, self.nick_box.value = code, nickname
        self._safe(self._join)()

    # -- where to go next ----------------------------------------------------------------------------
    def _header(self) -> w.HTML:
        p = self.flow.participant
        hello = ui("workshop.resumed" if self.flow.resumed else "workshop.joined", nickname=p.nickname)
        self.flow.resumed = False
        return w.HTML(_p(esc(hello), "ow-muted") + _me(p)).add_class("ow-hello")

    def _show_position(self) -> None:
        session = self.flow.refresh()
        self._anchor_seen = session.anchor
        index = self.flow.position()
        if index >= len(self.flow.steps):
            self._show_done()
        elif not session.is_open:
            self._show_closed()
        elif not self.flow.may_see(index):
            self._show_wait()
        else:
            step = self.flow.steps[index]
            self.step = step
            if step.kind == "question":
                self._show_question(step)
            else:
                self._show_roleplay(step)

    def _show_done(self) -> None:
        msg = ui("workshop.done", right=self.flow.right_count(), total=self.flow.question_total)
        self._set(
            self._header(),
            w.HTML(f"<h2>{esc(msg)}</h2>" + _p(esc(ui("workshop.done_note")), "ow-muted")).add_class("ow-done"),
        )

    def _show_closed(self) -> None:
        self._set(w.HTML(f"<h2>{esc(ui('workshop.closed_note'))}</h2>").add_class("ow-closed"))

    def _show_wait(self) -> None:
        self._set(
            self._header(),
            w.HTML(_p(esc(ui("workshop.wait")))).add_class("ow-wait"),
            self._button(ui("workshop.check_again"), "ow-check", self._show_position),
        )
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
        if not loop.is_running():  # plain Python (tests): the button checks instead
            return

        async def poll():
            while True:
                await asyncio.sleep(WAIT_POLL_SECONDS)
                s = self.flow.refresh()
                if not s.is_open or self.flow.may_see(self.flow.position()):
                    self._safe(self._show_position)()
                    return

        self._poll_task = loop.create_task(poll())

    def _stop_polling(self) -> None:
        task, self._poll_task = self._poll_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    # -- a question ----------------------------------------------------------------------------------
    def _show_question(self, step: Step) -> None:
        q = step.question
        progress = ui("workshop.progress", n=step.number, total=self.flow.question_total)
        prompt = w.HTML(_p(f"<b>{esc(progress)}</b>", "ow-muted") + _p(esc(text(q.prompt)))).add_class("ow-prompt")
        self.inputs = self._inputs(q)
        self.submit_btn = self._button(ui("workshop.submit"), "ow-submit", self._submit)
        self.feedback = w.HTML("").add_class("ow-feedback-box")
        self.next_btn = self._button(ui("workshop.next"), "ow-next", self._show_position)
        self.next_btn.layout.display = "none"
        self._set(self._header(), prompt, self.inputs, self.submit_btn, self.feedback, self.next_btn)
        existing = self.flow.answer_for(step)
        if existing is not None:  # answered in an earlier visit: show that answer and its feedback
            self._show_result(self.flow.submit(step, existing.answer))

    def _inputs(self, q) -> w.Widget:
        """The phone's input for the question's type (`PAGE_INPUTS`), options in the notebooks'
        per-person order (this participant's token is the seed)."""
        from ..quiz.engine import option_order
        from .flow import bank as bank_of

        seed = self.flow.participant.token if self.flow.participant else ""
        item = self.step.item if self.step is not None else ""
        shuffle = getattr(bank_of(item), "shuffle", True) if item else True
        self.answer_input = page_input(q, option_order(q, seed, item, shuffle), self._safe)
        return self.answer_input.widget

    @property
    def option_buttons(self) -> dict[str, w.Button]:
        """The option buttons of the question shown, by option id (none for a number)."""
        return getattr(getattr(self, "answer_input", None), "buttons", {})

    @property
    def number_box(self) -> w.Text:
        """The text box of a numeric question shown."""
        return self.answer_input.box

    def current_answer(self) -> Any:
        """The answer as the quiz engine takes it, or raise WorkshopError with a Chinese message."""
        return self.answer_input.answer()

    def _submit(self) -> None:
        answer = self.current_answer()
        self.submit_btn.disabled = True
        try:
            result = self.flow.submit(self.step, answer)
        except WorkshopError:
            self.submit_btn.disabled = False
            raise
        except Exception as exc:  # e.g. the database stayed locked: say so, keep the answer on screen
            self.submit_btn.disabled = False
            record_error(self.flow.store, "submit")
            raise WorkshopError(ui("workshop.save_failed")) from exc
        self._show_result(result)

    def submit(self, answer: Any) -> Result | None:
        """Programmatic submit (tests): as if the participant chose `answer` and pressed 提交."""
        self._safe(lambda: self._show_result(self.flow.submit(self.step, answer)))()
        return self.last_result

    def _answer_taken(self, q) -> None:
        """After an answer is in: the inputs are locked, 提交 hides and 下一题 shows."""
        self.submit_btn.layout.display = "none"
        self.answer_input.lock()
        self.next_btn.layout.display = None
        self.error.value = ""

    def _feedback_held(self) -> bool:
        """With 先不公布答案 (on by default in a paced session) the phones keep right/wrong and the
        explanation until the instructor presses 公布答案 for this step (the workshop guide: discuss
        before the answer is out)."""
        try:
            self.flow.refresh()
        except Exception:  # the store is busy: do not hold back on a read error
            return False
        return self.step is not None and self.flow.feedback_held(self.step.index)

    def _show_held(self, res: Result) -> None:
        q = self.step.question
        self.feedback.value = (
            _p("<b>" + esc(ui("workshop.held_head")) + "</b>")
            + _p(esc(ui("workshop.your_answer", answer=answer_text(q, res.answer))))
            + _p(esc(ui("workshop.held_note")), "ow-muted")
        )
        self.feedback.add_class("ow-feedback")
        self._answer_taken(q)
        step = self.step
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
        if not loop.is_running():  # plain Python (tests): `show_if_revealed` checks instead
            return

        async def poll():
            while self.step is step and self.last_result is res:
                await asyncio.sleep(WAIT_POLL_SECONDS)
                if self.step is step and not self._feedback_held():
                    self._safe(lambda: self._show_result(res))()
                    return

        self._poll_task = loop.create_task(poll())

    def show_if_revealed(self) -> None:
        """Show the held feedback once the instructor has revealed the answer (the page polls)."""
        if self.last_result is not None and not self._feedback_held():
            self._show_result(self.last_result)

    def _show_result(self, res: Result) -> None:
        self.last_result = res
        if self._feedback_held():
            self._show_held(res)
            return
        q = self.step.question
        head = ui("common.correct") if res.correct else ui("common.wrong")
        parts = []
        if res.resubmitted:
            parts.append(_p(esc(ui("workshop.already")), "ow-muted"))
        parts.append(f"<b>{esc(head)}</b>")
        parts.append(_p(esc(ui("workshop.your_answer", answer=answer_text(q, res.answer)))))
        if res.message:
            parts.append(_p(esc(res.message)))
        if not res.correct:
            parts.append(_p(esc(ui("workshop.right_answer", answer=answer_text(q, q.answer)))))
        if res.explanation:
            parts.append(_p(esc(res.explanation), "ow-muted"))
        cite = _cite(res.refs)
        if cite:
            parts.append(_p(esc(ui("workshop.refs", refs=cite)), "ow-muted"))
        self.feedback.value = "".join(parts)
        self.feedback.add_class("ow-feedback").add_class("ow-right" if res.correct else "ow-wrong")
        self._answer_taken(q)

    # -- a role-play ---------------------------------------------------------------------------------
    def _show_roleplay(self, step: Step, feedback: str = "") -> None:
        state = self.flow.roleplay_state(step)
        script = step.script
        head = w.HTML(f"<h2>{esc(text(script.title))}</h2>")
        parts: list[w.Widget] = [self._header(), head]
        if feedback:
            parts.append(w.HTML(feedback).add_class("ow-feedback"))
        if state.ending is not None:
            e = state.ending
            body = (
                f"<b>{esc(ui('workshop.rp_ending', title=text(e.title)))}</b>"
                + _p(esc(ui(f"workshop.outcome.{state.outcome}")))
                + _p(esc(ui("roleplay.passed" if state.passed else "roleplay.not_passed")))
                + _p(esc(text(e.debrief)))
                + _lessons_html(script, state)
                + _p(esc(ui("workshop.rp_score", score=state.score)), "ow-muted")
            )
            cite = _cite(e.refs)
            if cite:
                body += _p(esc(ui("workshop.refs", refs=cite)), "ow-muted")
            parts += [
                w.HTML(body).add_class("ow-ending"),
                self._button(ui("workshop.rp_continue"), "ow-next", self._show_position),
            ]
            self._set(*parts)
            return
        scene = state.scene
        if not state.moves:
            parts.append(w.HTML(_p(esc(text(script.intro)), "ow-muted")))
        parts.append(
            w.HTML(f"<b>{esc(text(scene.speaker))}</b>" + _p(esc(text(scene.line)))).add_class("ow-scene")
        )
        parts.append(w.HTML(f"<b>{esc(ui('workshop.rp_choose'))}</b>"))
        for c in scene.choices:
            b = w.Button(description=text(c.text), layout=w.Layout(width="100%", height="auto"))
            b.add_class("ow-choice")
            b.choice_id = c.id
            b.on_click(self._safe(lambda _b, cid=c.id: self._choose(cid)))
            parts.append(b)
        self._set(*parts)

    def _choose(self, choice_id: str) -> None:
        from ..quiz.engine import choice_feedback

        choice, _state = self.flow.choose(self.step, choice_id)
        sign = "+" if choice.score > 0 else ""
        fb = _p(esc(choice_feedback(choice))) + _p(esc(ui("workshop.rp_score", score=f"{sign}{choice.score}")), "ow-muted")
        cite = _cite(choice.refs)
        if cite:
            fb += _p(esc(ui("workshop.refs", refs=cite)), "ow-muted")
        self._show_roleplay(self.step, feedback=fb)


DEVICE_COOKIE = "ow_me"  # the page's script keeps the tokens of the participants this browser was
_DEVICE_COOKIE_RE = re.compile(rf"(?:^|;)\s*{DEVICE_COOKIE}=([A-Za-z0-9_.\-]*)")


def _page_texts() -> str:
    """What the page's script says when the connection to the kernel is lost (see the template)."""
    keys = {"title": "workshop.dead_title", "note": "workshop.dead_note", "button": "workshop.dead_button"}
    data = " ".join(f'data-{name}="{esc(ui(key))}"' for name, key in keys.items())
    return f'<span class="ow-texts" hidden {data}></span>'


def _me(p: Participant) -> str:
    """Who this page is, for the page's own script (not shown): the address that rejoins after the
    connection is lost, and the token kept in this browser's cookie (see the `overdue` template)."""
    rejoin = f"?code={quote(p.code)}&nick={quote(p.nickname)}&rejoin=1"
    return f'<span class="ow-me" hidden data-rejoin="{esc(rejoin)}" data-token="{esc(p.token)}"></span>'


def _text_box(placeholder: str, cls: str, width: str = "100%") -> w.Text:
    """A text box whose value reaches the kernel once, when the participant leaves it (a tap on a
    button does that), and so before the tap. With a message per keystroke, a busy kernel fell
    behind: the browser holds back a box's later updates until the kernel has answered the earlier
    one, but not a button's click, so the click overtook the rest of the nickname and the kernel
    joined with its first character only (people whose nicknames began alike became one)."""
    box = w.Text(placeholder=placeholder, continuous_update=False, layout=w.Layout(width=width))
    box.add_class(cls)
    return box


# -- the phone's input for each question type ------------------------------------------------------
# One class per type, in `PAGE_INPUTS` (keyed like `overdue.quiz.types.TYPES`; the notebook's inputs
# are `quiz.views.INPUTS`). Each is built from (question, options in this person's order, `safe`: the
# page's wrapper for callbacks) and has `.widget`, `.answer()` (the answer as the quiz engine takes
# it, or WorkshopError with a Chinese message) and `.lock()`. Big buttons, tapped: easier on a phone
# than radio buttons, and the same hooks (``ow-option``, ``ow-selected``) for every type.


class OptionButtons:
    """A button per option; a tap chooses it (single choice)."""

    marks = ("● ", "○ ")  # chosen, not chosen: the choice is shown in a symbol, not by colour alone
    empty = "workshop.pick_one"  # what to say when 提交 is pressed with nothing chosen

    def __init__(self, q, options, safe):
        self.q = q
        self.selection: list[str] = []
        self.buttons: dict[str, w.Button] = {}
        children: list[w.Widget] = self._above()
        for oid, label in self._choices(options):
            b = w.Button(description=label, layout=w.Layout(width="100%", height="auto"))
            b.add_class("ow-option")
            b.option_id = oid
            b.option_label = label
            b.on_click(safe(lambda _b, oid=oid: self.tap(oid)))
            self.buttons[oid] = b
            children.append(b)
        children += self._below(safe)
        self.paint()
        self.widget = w.VBox(children, layout=w.Layout(width="100%"))

    def _choices(self, options) -> list[tuple[str, str]]:
        return [(o.id, text(o.text)) for o in options]

    def _above(self) -> list[w.Widget]:
        return []

    def _below(self, safe) -> list[w.Widget]:
        return []

    def tap(self, oid: str) -> None:
        self.selection = [oid]
        self.paint()

    def mark(self, oid: str) -> str:
        return self.marks[0] if oid in self.selection else self.marks[1]

    def paint(self) -> None:
        for oid, b in self.buttons.items():
            b.description = self.mark(oid) + b.option_label
            (b.add_class if oid in self.selection else b.remove_class)("ow-selected")

    def answer(self) -> Any:
        if not self.selection:
            raise WorkshopError(ui(self.empty))
        return self.selection[0]

    def lock(self) -> None:
        for b in self.buttons.values():
            b.disabled = True


class FactOrMyth(OptionButtons):
    """事实 or 误区: two buttons; the answer is True or False."""

    def _choices(self, options) -> list[tuple[str, str]]:
        return [("true", ui("workshop.fact")), ("false", ui("workshop.myth"))]

    def answer(self) -> Any:
        return super().answer() == "true"


class CheckButtons(OptionButtons):
    """Several options: a tap chooses or unchooses one."""

    marks = ("☑ ", "☐ ")
    empty = "workshop.pick_some"

    def tap(self, oid: str) -> None:
        self.selection = [x for x in self.selection if x != oid] if oid in self.selection else [*self.selection, oid]
        self.paint()

    def answer(self) -> Any:
        super().answer()
        return list(self.selection)


class OrderButtons(OptionButtons):
    """Steps tapped in order (numbered as they are tapped); 重排 starts again."""

    def _above(self) -> list[w.Widget]:
        return [w.HTML(_p(esc(ui("workshop.order_hint")), "ow-muted"))]

    def _below(self, safe) -> list[w.Widget]:
        self.order_view = w.HTML("").add_class("ow-order")
        again = w.Button(description=ui("workshop.order_reset"), layout=w.Layout(width="auto"))
        again.add_class("ow-reset")
        again.on_click(safe(lambda _b: self.reset()))
        return [self.order_view, again]

    def tap(self, oid: str) -> None:
        if oid not in self.selection:
            self.selection.append(oid)
        self.paint()

    def reset(self) -> None:
        self.selection = []
        self.paint()

    def mark(self, oid: str) -> str:
        return f"{self.selection.index(oid) + 1}. " if oid in self.selection else "· "

    def paint(self) -> None:
        super().paint()
        if hasattr(self, "order_view"):
            labels = [self.buttons[o].option_label for o in self.selection]
            chosen = ui("workshop.order_chosen") + " → ".join(labels)
            self.order_view.value = _p(esc(chosen), "ow-muted") if labels else ""

    def answer(self) -> Any:
        super().answer()
        if len(self.selection) < len(self.q.options):
            raise WorkshopError(ui("workshop.order_hint"))
        return list(self.selection)


class NumberBox:
    """A text box and the unit; the engine reads what was typed ("1,234.5", "18.25%", full-width digits)."""

    def __init__(self, q, options, safe):
        self.box = _text_box("0", "ow-number", width="60%")
        self.widget = w.HBox(
            [self.box, w.HTML(f"&nbsp;{esc(text(q.unit))}")], layout=w.Layout(align_items="center")
        )

    def answer(self) -> Any:
        if not self.box.value.strip():
            raise WorkshopError(ui("workshop.bad_number"))
        return self.box.value

    def lock(self) -> None:
        self.box.disabled = True


PAGE_INPUTS = {
    "single": OptionButtons,
    "multiple": CheckButtons,
    "truefalse": FactOrMyth,
    "ordering": OrderButtons,
    "numeric": NumberBox,
}


def page_input(q, options, safe=lambda fn: fn):
    """The phone's input for question `q` (its type's entry of `PAGE_INPUTS`)."""
    return renderer(PAGE_INPUTS, q.type, "workshop.participant.PAGE_INPUTS")(q, options, safe)


def _lessons_html(script: Any, state: Any) -> str:
    """Every harm on the path and every step the ending still needed, each with what to do
    instead and the lesson to reread (the same debrief as the notebooks')."""
    from ..quiz.engine import debrief_of

    d = debrief_of(script, [(sc.id, ch.id) for sc, ch in state.moves])
    out = ""
    if d.harms:
        out += _p("<b>" + esc(ui("roleplay.harms_head")) + "</b>") + "<ul>"
        for h in d.harms:
            out += (
                "<li>" + esc(ui("roleplay.harm_item", n=h.step, choice=h.choice_text, label=h.label))
                + "<br>" + esc(ui("roleplay.next_time")) + esc(h.advice)
                + "（" + esc(ui("roleplay.lesson_link", n=h.lesson_number)) + "）</li>"
            )
        out += "</ul>"
    if d.missing:
        out += _p("<b>" + esc(ui("roleplay.missing_head")) + "</b>") + "<ul>"
        for m in d.missing:
            out += (
                "<li>" + esc(ui("roleplay.missing_item", label=m.label))
                + "<br>" + esc(ui("roleplay.next_time")) + esc(m.advice) + "</li>"
            )
        out += "</ul>"
    return out


def _close_tree(widget: w.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


def record_error(store: WorkshopStore, where: str) -> None:
    """Append the current exception to workshop-errors.log beside the database (for the instructor).

    Nothing goes to stdout/stderr: Voila could show that to participants."""
    import traceback

    try:
        with open(store.path.parent / "workshop-errors.log", "a", encoding="utf-8") as f:
            f.write(f"--- {where}\n{traceback.format_exc()}\n")
    except OSError:
        pass


def warm_up(store: WorkshopStore) -> None:
    try:
        from ..quiz import engine, references  # noqa: F401

        references.load()
        for session in store.sessions():
            if session.is_open:
                plan(session.items)
    except Exception:  # warming is an optimisation only
        record_error(store, "warm-up")


def _cite(ids: list[str]) -> str:
    if not ids:
        return ""
    try:
        from ..quiz import references

        return references.cite(ids)
    except Exception:  # a missing references file must not break the page
        return ""
