"""ipywidgets views over `Quiz` and `RolePlay`: they render state and forward clicks, nothing more.

Keyboard: only native controls (radio buttons, check boxes, a list box with move buttons, a text box,
buttons), so Tab / arrows / Space / Enter work everywhere, in JupyterLab and in Voila.
Right and wrong are shown by a symbol and words (✔ 正确 / ✘ 不对), never by colour alone.
Everything from content or from a person is HTML-escaped before it reaches an HTML widget.

CSS classes (for styling and browser tests; see `CSS_CLASSES`):
    overdue-quiz, overdue-question, overdue-q-<question id>, overdue-prompt, overdue-option,
    overdue-move-up, overdue-move-down, overdue-number, overdue-submit, overdue-hint, overdue-reveal,
    overdue-hint-text, overdue-feedback, overdue-prev, overdue-next, overdue-finish, overdue-summary, overdue-retry,
    overdue-reset, overdue-notice, overdue-progress, overdue-roleplay, overdue-scene, overdue-choice,
    overdue-score, overdue-debrief, overdue-restart, overdue-refs (inside feedback HTML)

`QuestionView` renders one question and calls back with the answer. Its input comes from `INPUTS`, keyed
by the question types of `quiz.types.TYPES`; the workshop's phone page draws the same types with big
buttons from its own registry (`workshop.participant.PAGE_INPUTS`) and the same rows of `TYPES`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from ..i18n import text, ui
from . import references as refs_mod
from .engine import Feedback, Quiz, Reveal, RolePlay, choice_feedback
from .loader import load_bank, load_roleplay
from .models import Option
from .problems import QuizContentError
from .types import renderer

CSS_CLASSES = (
    "overdue-quiz",
    "overdue-question",
    "overdue-prompt",
    "overdue-option",
    "overdue-move-up",
    "overdue-move-down",
    "overdue-number",
    "overdue-submit",
    "overdue-hint",
    "overdue-reveal",
    "overdue-hint-text",
    "overdue-feedback",
    "overdue-prev",
    "overdue-next",
    "overdue-finish",
    "overdue-summary",
    "overdue-retry",
    "overdue-reset",
    "overdue-notice",
    "overdue-progress",
    "overdue-roleplay",
    "overdue-scene",
    "overdue-choice",
    "overdue-score",
    "overdue-debrief",
    "overdue-restart",
    "overdue-refs",
)

esc = html.escape

# Feedback boxes: a symbol and words carry the meaning; the border colour only repeats it.
_BOX = (
    '<div class="overdue-fb overdue-fb-{kind}" role="status" style="border-left:4px solid {colour};'
    'padding:4px 10px;margin:4px 0">{body}</div>'
)
_COLOURS = {"right": "#1b7837", "wrong": "#b2182b", "info": "#4d4d4d"}


def _box(kind: str, body: str) -> str:
    return _BOX.format(kind=kind, colour=_COLOURS[kind], body=body)


def _paragraphs(value: str) -> str:
    return "<br>".join(esc(line) for line in value.splitlines())


def feedback_html(fb: Feedback, refs: Any = None) -> str:
    """A Feedback as escaped HTML: headline with symbol, details, explanation, references."""
    if not fb.valid:
        return _box("info", esc(fb.message))
    parts = [f"<b>{esc(fb.message)}</b>"]
    if fb.details:
        parts.append("<ul>" + "".join(f"<li>{_paragraphs(d)}</li>" for d in fb.details) + "</ul>")
    if fb.explanation:
        parts.append(f"<p>{_paragraphs(fb.explanation)}</p>")
    parts.append(_refs_html(fb.refs, refs))
    return _box("right" if fb.correct else "wrong", "".join(parts))


def reveal_html(rv: Reveal, refs: Any = None) -> str:
    if not rv.allowed:
        return _box("info", esc(rv.message))
    body = (
        f"<b>{esc(rv.message)}</b><p>{_paragraphs(rv.answer_text)}</p><p>{_paragraphs(rv.explanation)}</p>"
        + _refs_html(rv.refs, refs)
    )
    return _box("info", body)


def _refs_html(ids: Sequence[str], refs: Any = None) -> str:
    try:
        return refs_mod.render_html(ids, refs=refs)
    except Exception:  # a broken references file must not break a learner's quiz
        return ""


def _html(value: str, *classes: str) -> w.HTML:
    widget = w.HTML(value)
    for c in classes:
        widget.add_class(c)
    return widget


def _button(label: str, css: str, tooltip: str = "") -> w.Button:
    b = w.Button(description=label, tooltip=tooltip or label, layout=w.Layout(width="auto"))
    b.add_class(css)
    return b


# --------------------------------------------------------------------------------------- inputs


class _SingleInput:
    def __init__(self, q, options: Sequence[Option]):
        self.widget = w.RadioButtons(
            options=[(text(o.text), o.id) for o in options], value=None, layout=w.Layout(width="auto")
        )
        self.widget.add_class("overdue-option")

    def get(self):
        return self.widget.value

    def set(self, value):
        self.widget.value = value


class _TrueFalseInput(_SingleInput):
    def __init__(self, q, options: Sequence[Option]):
        self.widget = w.RadioButtons(options=[(ui("quiz.fact"), True), (ui("quiz.myth"), False)], value=None)
        self.widget.add_class("overdue-option")


class _MultipleInput:
    def __init__(self, q, options: Sequence[Option]):
        self.boxes = []
        for o in options:
            box = w.Checkbox(
                value=False, description=text(o.text), indent=False, layout=w.Layout(width="auto")
            )
            box.add_class("overdue-option")
            box.option_id = o.id
            self.boxes.append(box)
        self.widget = w.VBox(self.boxes)

    def get(self):
        return [b.option_id for b in self.boxes if b.value]

    def set(self, value):
        for b in self.boxes:
            b.value = b.option_id in (value or [])


class _OrderingInput:
    """A list box (arrow keys pick a step) with buttons to move the chosen step up or down."""

    def __init__(self, q, options: Sequence[Option]):
        self.labels = {o.id: text(o.text) for o in options}
        self.order = [o.id for o in options]
        self.list = w.Select(
            options=self._options(), rows=max(2, len(self.order)), layout=w.Layout(width="auto"),
            description=ui("quiz.order_list"), style={"description_width": "initial"},
        )
        self.list.add_class("overdue-option")
        self.up = _button(ui("quiz.move_up"), "overdue-move-up")
        self.down = _button(ui("quiz.move_down"), "overdue-move-down")
        self.up.on_click(lambda _: self.move(-1))
        self.down.on_click(lambda _: self.move(1))
        self.widget = w.VBox(
            [w.Label(ui("quiz.order_help")), w.HBox([self.list, w.VBox([self.up, self.down])])]
        )

    def _options(self):
        return [(f"{n}. {self.labels[i]}", i) for n, i in enumerate(self.order, 1)]

    def move(self, delta: int) -> None:
        chosen = self.list.value
        if chosen is None:
            return
        i = self.order.index(chosen)
        j = i + delta
        if 0 <= j < len(self.order):
            self.order[i], self.order[j] = self.order[j], self.order[i]
            self.list.options = self._options()
            self.list.value = chosen

    def get(self):
        return list(self.order)

    def set(self, value):
        if value and sorted(value) == sorted(self.order):
            self.order = list(value)
            self.list.options = self._options()


class _NumericInput:
    def __init__(self, q, options: Sequence[Option]):
        self.box = w.Text(value="", placeholder=ui("quiz.number_placeholder"), layout=w.Layout(width="14em"))
        self.box.add_class("overdue-option")
        self.box.add_class("overdue-number")
        self.widget = w.HBox([self.box, w.Label(text(q.unit))])

    def get(self):
        return self.box.value

    def set(self, value):
        self.box.value = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


#: The notebook's input widget for each question type, keyed like `quiz.types.TYPES` (a new type adds a
#: row there, here and in `workshop.participant.PAGE_INPUTS`; tests/test_quiz_types.py checks all three).
INPUTS = {
    "single": _SingleInput,
    "multiple": _MultipleInput,
    "truefalse": _TrueFalseInput,
    "ordering": _OrderingInput,
    "numeric": _NumericInput,
}


# ---------------------------------------------------------------------------------- QuestionView


class QuestionView:
    """Render one question and call back with the answer (a quiz's questions, or one question alone).

    on_submit(answer) is called with the answer read from the widgets (an option id, a list of ids,
    True/False, or the text typed); if it returns a `Feedback`, the view shows it under the answer.
    on_hint() -> str and on_reveal() -> Reveal add the 提示 / 看答案 buttons when given.
    """

    def __init__(
        self,
        question,
        options: Sequence[Option] | None = None,
        on_submit: Callable[[Any], Feedback | None] | None = None,
        on_hint: Callable[[], str] | None = None,
        on_reveal: Callable[[], Reveal] | None = None,
        heading: str = "",
        refs: Any = None,
    ):
        self.question = question
        self.refs = refs
        self.on_submit = on_submit
        options = list(options if options is not None else getattr(question, "options", []))
        head = f"<div class='overdue-progress'>{esc(heading)}</div>" if heading else ""
        self.prompt = _html(head + f"<p><b>{_paragraphs(text(question.prompt))}</b></p>", "overdue-prompt")
        self.input = renderer(INPUTS, question.type, "quiz.views.INPUTS")(question, options)
        self.submit_button = _button(ui("common.submit"), "overdue-submit")
        self.submit_button.button_style = "primary"
        self.submit_button.on_click(lambda _: self.submit())
        buttons = [self.submit_button]
        self.hint_button = self.reveal_button = None
        if on_hint is not None:
            self.hint_button = _button(ui("common.hint"), "overdue-hint")
            self.hint_button.on_click(lambda _: self.show_hint(on_hint()))
            buttons.append(self.hint_button)
        if on_reveal is not None:
            self.reveal_button = _button(ui("quiz.show_answer"), "overdue-reveal")
            self.reveal_button.on_click(lambda _: self.show_reveal(on_reveal()))
            buttons.append(self.reveal_button)
        self.hint_area = _html("", "overdue-hint-text")
        self.feedback = _html("", "overdue-feedback")
        self.widget = w.VBox([self.prompt, self.input.widget, w.HBox(buttons), self.hint_area, self.feedback])
        self.widget.add_class("overdue-question")
        self.widget.add_class(f"overdue-q-{question.id}")

    def get_answer(self) -> Any:
        return self.input.get()

    def set_answer(self, value: Any) -> None:
        self.input.set(value)

    def submit(self) -> Feedback | None:
        """Read the answer and pass it to on_submit; show the feedback it returns."""
        if self.on_submit is None:
            return None
        result = self.on_submit(self.get_answer())
        if isinstance(result, Feedback):
            self.show_feedback(result)
        return result

    def show_feedback(self, fb: Feedback) -> None:
        self.feedback.value = feedback_html(fb, self.refs)

    def show_reveal(self, rv: Reveal) -> None:
        if rv.allowed:
            self.feedback.value = reveal_html(rv, self.refs)
        else:  # "try again first": keep the feedback on the last answer in view
            self.hint_area.value = reveal_html(rv, self.refs)

    def show_hint(self, message: str) -> None:
        """Hints have their own line, so the feedback on the last answer stays visible."""
        self.hint_area.value = _box("info", _paragraphs(message))

    def show_message(self, message: str) -> None:
        self.feedback.value = _box("info", _paragraphs(message))


# -------------------------------------------------------------------------------------- QuizView


class QuizView:
    """A quiz, one question at a time (mode="one") or the whole set (mode="all")."""

    def __init__(self, quiz: Quiz, mode: str = "one"):
        if mode not in ("one", "all"):
            raise ValueError("mode must be 'one' or 'all'")
        self.quiz = quiz
        self.mode = mode
        self.index = 0
        title = _html(
            f"<h3>{esc(text(quiz.bank.title))}</h3>"
            + (f"<p>{_paragraphs(text(quiz.bank.intro))}</p>" if quiz.bank.intro else "")
        )
        self.notice = _html(_box("info", esc(quiz.notice)) if quiz.notice else "", "overdue-notice")
        self.body = w.VBox()
        self.prev_button = _button(ui("quiz.prev"), "overdue-prev")
        self.next_button = _button(ui("common.next"), "overdue-next")
        self.finish_button = _button(ui("quiz.finish"), "overdue-finish")
        self.retry_button = _button(ui("quiz.retry_wrong"), "overdue-retry")
        self.reset_button = _button(ui("common.reset"), "overdue-reset")
        self.prev_button.on_click(lambda _: self.go(self.index - 1))
        self.next_button.on_click(lambda _: self.go(self.index + 1))
        self.finish_button.on_click(lambda _: self.show_summary())
        self.retry_button.on_click(lambda _: self.retry())
        self.reset_button.on_click(lambda _: self.reset())
        self.summary = _html("", "overdue-summary")
        nav = [self.prev_button, self.next_button] if mode == "one" else []
        self.nav = w.HBox([*nav, self.finish_button, self.retry_button, self.reset_button])
        self.widget = w.VBox([title, self.notice, self.body, self.nav, self.summary])
        self.widget.add_class("overdue-quiz")
        self.widget.quiz = quiz  # so code holding only the widget (a notebook cell) can reach the quiz
        self.widget.view = self
        self.views: dict[str, QuestionView] = {}
        self.on_reset: Callable[[], Quiz] | None = None  # set when the stored progress could not be read
        self._build()

    def show_notice(self) -> None:
        """Show the progress store's notice in the open widget (also one raised after it opened)."""
        notice = self.quiz.notice
        if notice:
            self.notice.value = _box("info", esc(notice))

    def _then_notice(self, value: Any) -> Any:
        self.show_notice()
        return value

    def _view(self, qid: str, number: int, total: int) -> QuestionView:
        quiz = self.quiz
        q = quiz.question(qid)
        view = QuestionView(
            q,
            quiz.options(qid),
            on_submit=lambda answer: self._submitted(qid, answer),
            on_hint=lambda: self._then_notice(quiz.hint(qid)),
            on_reveal=lambda: self._then_notice(quiz.reveal(qid)),
            heading=ui("quiz.progress", n=number, total=total),
            refs=quiz.refs,
        )
        st = quiz.state(qid)
        if st.answered:  # resumed after a restart: show the last answer and its feedback
            try:
                fb = quiz.last_feedback(qid)
                if fb is None:
                    raise ValueError(qid)  # the stored answer no longer fits (an option was removed)
                view.set_answer(st.last_answer)
                view.show_feedback(fb)
            except Exception:
                self._skipped += 1
                view = QuestionView(q, quiz.options(qid), on_submit=view.on_submit,
                                    on_hint=lambda: self._then_notice(quiz.hint(qid)),
                                    on_reveal=lambda: self._then_notice(quiz.reveal(qid)),
                                    heading=ui("quiz.progress", n=number, total=total), refs=quiz.refs)
        return view

    def _submitted(self, qid: str, answer: Any) -> Feedback:
        fb = self.quiz.submit(qid, answer)
        if self.quiz.finished:
            self.summary.value = self._summary_html(brief=True)
        self.show_notice()
        return fb

    def _build(self) -> None:
        ids = self.quiz.current_round
        self._skipped = 0
        self.views = {qid: self._view(qid, n, len(ids)) for n, qid in enumerate(ids, 1)}
        if self._skipped and self.quiz.store:
            self.quiz.store.skipped(self._skipped)
        self.show_notice()
        self.summary.value = ""
        # resume where the learner stopped: the first question not yet answered
        pending = [i for i, qid in enumerate(ids) if not self.quiz.state(qid).answered]
        self.go(pending[0] if pending else 0)

    def go(self, index: int) -> None:
        ids = list(self.views)
        self.index = max(0, min(index, len(ids) - 1))
        if self.mode == "one":
            self.body.children = [self.views[ids[self.index]].widget]
            self.prev_button.disabled = self.index == 0
            self.next_button.disabled = self.index >= len(ids) - 1
        else:
            self.body.children = [v.widget for v in self.views.values()]

    @property
    def current(self) -> QuestionView:
        return list(self.views.values())[self.index]

    def _summary_html(self, brief: bool = False) -> str:
        s = self.quiz.summary()
        lines = s.lines()
        kind = "right" if s.passed else "wrong"
        body = f"<b>{esc(lines[0])}</b><br>{esc(lines[1])}"
        if s.to_review and not brief:
            body += f"<p>{esc(ui('quiz.summary_review'))}</p><ul>"
            for item in s.to_review:
                body += (
                    f"<li>{esc(item.prompt)}（{esc(ui('quiz.status_' + item.status))}）<br>"
                    f"{esc(ui('quiz.review_link'))}<code>{esc(item.lesson_link)}</code>"
                )
                if item.citation:
                    body += f"<br>{esc(ui('common.refs'))}：{esc(item.citation)}"
                body += "</li>"
            body += "</ul>"
        return _box(kind, body)

    def show_summary(self) -> None:
        self.summary.value = self._summary_html()

    def retry(self) -> None:
        if self.quiz.retry_wrong():
            self._build()
        else:
            self.summary.value = _box("right", esc(ui("quiz.nothing_to_retry")))
        self.show_notice()

    def reset(self) -> None:
        if self.on_reset is not None:  # the stored progress could not be read: clear it, then save again
            self.quiz = self.widget.quiz = self.on_reset()
            self.on_reset = None
            self.notice.value = ""
        else:
            self.quiz.reset()
        self._build()


# ---------------------------------------------------------------------------------- RolePlayView


def _lesson_link(item: Any) -> str:
    """A link to the lesson that teaches a debrief item (a notebook beside the lesson's own)."""
    label = esc(ui("roleplay.lesson_link", n=item.lesson_number))
    return f'<a href="{esc(item.lesson)}.ipynb" target="_blank" style="text-decoration: underline">{label}</a>'


def _teaching_item(head: str, item: Any) -> str:
    source = f"<br>{esc(ui('roleplay.source', citation=item.citation))}" if item.citation else ""
    return (
        f"<li>{head}<br>{esc(ui('roleplay.next_time'))}{esc(item.advice)}"
        f"<br>{_lesson_link(item)}{source}</li>"
    )


def debrief_html(d: Any, refs: Any = None) -> str:
    """A role-play debrief as escaped HTML: outcome and pass, what was done well, every harm and
    every skipped step with what to do instead and the lesson to reread, then every step."""
    kind = {"good": "right", "bad": "wrong"}.get(d.outcome, "info")
    body = (
        f"<b>{esc(ui('roleplay.ending', title=d.title))}</b> {esc(ui('roleplay.outcome_' + d.outcome))}"
        f"<p><b>{esc(ui('roleplay.passed' if d.passed else 'roleplay.not_passed'))}</b></p>"
        f"<p>{_paragraphs(d.text)}</p>"
    )
    if d.done:
        body += f"<p><b>{esc(ui('roleplay.done_head'))}</b></p><ul>"
        body += "".join(f"<li>{esc(ui('roleplay.done_item', label=x.label))}</li>" for x in d.done) + "</ul>"
    if d.harms:
        body += f"<p><b>{esc(ui('roleplay.harms_head'))}</b></p><ul>"
        body += "".join(
            _teaching_item(esc(ui("roleplay.harm_item", n=h.step, choice=h.choice_text, label=h.label)), h)
            for h in d.harms
        )
        body += "</ul>"
    if d.missing:
        body += f"<p><b>{esc(ui('roleplay.missing_head'))}</b></p><ul>"
        body += "".join(_teaching_item(esc(ui("roleplay.missing_item", label=m.label)), m) for m in d.missing)
        body += "</ul>"
    body += f"<p>{esc(ui('roleplay.score', score=d.score))}</p><ol>"
    for s in d.steps:
        body += f"<li>{esc(s.choice_text)}（{esc(f'{s.score:+d}')}）：{esc(s.tagged_feedback)}</li>"
    body += "</ol>" + _refs_html(d.refs, refs)
    return _box(kind, body)



class RolePlayView:
    """A role-play: the scene, the choices (radio buttons + 就这么做), feedback, then the debrief."""

    def __init__(self, rp: RolePlay):
        self.rp = rp
        s = rp.script
        head = _html(f"<h3>{esc(text(s.title))}</h3><p>{_paragraphs(text(s.intro))}</p>")
        self.notice = _html(_box("info", esc(rp.notice)) if rp.notice else "", "overdue-notice")
        self.last = _html("", "overdue-feedback")
        self.scene = _html("", "overdue-scene")
        self.choices = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
        self.choices.add_class("overdue-choice")
        self.go_button = _button(ui("roleplay.choose"), "overdue-submit")
        self.go_button.button_style = "primary"
        self.go_button.on_click(lambda _: self.choose())
        self.score = _html("", "overdue-score")
        self.debrief = _html("", "overdue-debrief")
        self.restart_button = _button(ui("roleplay.restart"), "overdue-restart")
        self.restart_button.on_click(lambda _: self.restart())
        self.message = _html("", "overdue-notice")
        self.widget = w.VBox(
            [
                head,
                self.notice,
                self.last,
                self.scene,
                self.choices,
                w.HBox([self.go_button]),
                self.message,
                self.score,
                self.debrief,
                w.HBox([self.restart_button]),
            ]
        )
        self.widget.add_class("overdue-roleplay")
        self.widget.roleplay = rp
        self.widget.view = self
        if not rp.started:
            rp.start()
        self.render()

    def render(self) -> None:
        step = self.rp.current
        fb = ""
        if step.last_choice is not None:
            c = step.last_choice
            fb = _box(
                "info",
                f"<b>{esc(ui('roleplay.you_chose'))}</b>{esc(text(c.text))}"
                f"<br>{_paragraphs(choice_feedback(c))}"
                f"<br>{esc(ui('roleplay.points', score=f'{c.score:+d}'))}" + _refs_html(c.refs, self.rp.refs),
            )
        self.last.value = fb
        self.message.value = ""
        if self.rp.notice:  # the progress store's notice, also one raised after the view opened
            self.notice.value = _box("info", esc(self.rp.notice))
        self.score.value = esc(ui("roleplay.score", score=self.rp.score))
        if step.finished:
            self.scene.value = ""
            self.choices.options = []
            self.choices.layout.display = "none"
            self.go_button.layout.display = "none"
            self.debrief.value = self._debrief_html()
        else:
            sc = step.scene
            self.scene.value = (
                f"<p><b>{esc(text(sc.speaker))}：</b>{_paragraphs(text(sc.line))}</p>"
                f"<p>{esc(ui('roleplay.what_now'))}</p>"
            )
            self.choices.options = [(text(c.text), c.id) for c in sc.choices]
            self.choices.value = None
            self.choices.layout.display = None
            self.go_button.layout.display = None
            self.debrief.value = ""

    def _debrief_html(self) -> str:
        return debrief_html(self.rp.debrief(), self.rp.refs)

    def choose(self, choice_id: str | None = None) -> None:
        choice_id = choice_id or self.choices.value
        if choice_id is None:
            self.message.value = _box("info", esc(ui("roleplay.pick_one")))
            return
        self.rp.choose(choice_id)
        self.render()

    def restart(self) -> None:
        self.rp.start()
        self.render()


# ------------------------------------------------------------------------------------ entry points


def _load_error(exc: Exception) -> w.HTML:
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return _html(
        _box("info", esc(ui("quiz.load_error")) + "<br><code>" + esc(detail) + "</code>"), "overdue-notice"
    )


def show_quiz(
    bank: Any, mode: str = "one", seed: int = 0, learner: str = "default", store: Any = None
) -> w.Widget:
    """The quiz of a bank (id, path or Bank) as a widget; a broken bank shows a Chinese message."""
    try:
        quiz = (
            bank
            if isinstance(bank, Quiz)
            else Quiz(
                bank if not isinstance(bank, str) else load_bank(bank),
                seed=seed,
                learner=learner,
                store=store,
            )
        )
    except QuizContentError as exc:
        return _load_error(exc)
    except Exception:  # stored progress that cannot be replayed: never a traceback
        return _fresh_quiz(bank, mode, seed, learner, store)
    try:
        return QuizView(quiz, mode=mode).widget
    except Exception:
        return _fresh_quiz(quiz.bank, mode, seed, learner, quiz.store)


def _fresh_quiz(bank: Any, mode: str, seed: int, learner: str, store: Any) -> w.Widget:
    """The quiz from the start, saving nothing, when the stored progress cannot be shown; its
    重新开始 button clears that progress and saves again from then on."""
    from .progress import default_store

    try:
        bank = bank.bank if isinstance(bank, Quiz) else bank if not isinstance(bank, str) else load_bank(bank)
        view = QuizView(Quiz(bank, seed=seed, learner=learner, store=False), mode=mode)
    except QuizContentError as exc:
        return _load_error(exc)
    real = default_store() if store is None or store is True else store or None

    def start_again() -> Quiz:
        if real is not None:
            real.reset(learner, Quiz.KIND, bank.bank)
        return Quiz(bank, seed=seed, learner=learner, store=real if real is not None else False)

    view.on_reset = start_again
    view.notice.value = _box("info", esc(ui("store.quiz_unreadable")))
    return view.widget


def show_roleplay(script: Any, learner: str = "default", store: Any = None) -> w.Widget:
    """A role-play (id, path or RolePlayScript) as a widget; a broken file shows a Chinese message."""
    try:
        rp = (
            script
            if isinstance(script, RolePlay)
            else RolePlay(
                script if not isinstance(script, str) else load_roleplay(script), learner=learner, store=store
            )
        )
    except QuizContentError as exc:
        return _load_error(exc)
    return RolePlayView(rp).widget
