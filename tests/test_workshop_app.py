"""The participant page, the dashboard and the serve command, driven without a browser."""

from __future__ import annotations

import csv
import html
import json

import pytest

from overdue.i18n import ui
from overdue.workshop import serve
from overdue.workshop.dashboard import Dashboard
from overdue.workshop.flow import bank, roleplay
from overdue.workshop.participant import ParticipantApp
from overdue.workshop.stats import session_stats
from overdue.workshop.store import WorkshopStore

BANK = "lesson03"
RP = "doorstep"


@pytest.fixture
def store(tmp_path):
    s = WorkshopStore(tmp_path / "w.sqlite3")
    yield s
    s.close()


def right(q):
    return q.answer if q.type != "multiple" else list(q.answer)


def wrong(q):
    if q.type == "numeric":
        return q.answer + 100
    if q.type == "truefalse":
        return not q.answer
    if q.type == "single":
        return next(i for i in q.option_ids if i != q.answer)
    if q.type == "multiple":
        return [next(i for i in q.option_ids if i not in q.answer)]
    return list(reversed(q.answer))


def all_widget_html(widget) -> str:
    """Every HTML value and button label under a widget (what the page would show)."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if hasattr(w, "children"):
            stack.extend(w.children)
        for attr in ("value", "description"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                out.append(v)
    return "\n".join(out)


def test_a_participant_joins_answers_and_sees_feedback(store):
    code = store.create_session([("bank", BANK)]).code
    app = ParticipantApp(store, query_string=f"code={code}")
    assert app.code_box.value == code  # the QR link pre-fills the code
    app.join(code, "小星星")
    q = bank(BANK).questions[0]
    assert app.step.question.id == q.id
    res = app.submit(right(q))
    assert res.correct and "✔ 正确" in app.feedback.value
    app._show_position()
    q2 = bank(BANK).questions[1]
    res = app.submit(wrong(q2))
    assert res.correct is False
    assert "✘ 不对" in app.feedback.value and "正确答案" in app.feedback.value
    rows = store.export_rows(code)
    assert [(r["nickname"], r["question"], r["correct"]) for r in rows] == [
        ("小星星", q.id, 1), ("小星星", q2.id, 0)]


def test_unreadable_answers_get_a_chinese_message_and_are_not_stored(store):
    code = store.create_session([("bank", BANK)]).code
    app = ParticipantApp(store, query_string="")
    app.join(code, "a")
    assert app.step.question.type == "numeric"
    app.number_box.value = "十八"
    app._safe(app._submit)()
    assert "数字" in app.error.value and "Traceback" not in app.error.value
    assert store.answer_count(code) == 0
    app.number_box.value = "１８.２５%"  # full-width digits and a percent sign are read
    app._safe(app._submit)()
    assert store.answer_count(code) == 1


def test_rejoining_continues_at_the_first_unanswered_question(store):
    code = store.create_session([("bank", BANK)]).code
    qs = bank(BANK).questions
    app = ParticipantApp(store, query_string="")
    app.join(code, "阿梅")
    for q in qs[:3]:
        app.submit(right(q))
        app._show_position()
    again = ParticipantApp(store, query_string="", cookie=f"ow_me={app.flow.participant.token}")  # same phone
    again.join(code, "阿梅")
    assert again.step.question.id == qs[3].id
    assert "欢迎回来" in all_widget_html(again.widget)
    resumed = ParticipantApp(store, query_string=f"resume={app.flow.participant.token}")
    assert resumed.step.question.id == qs[3].id


def test_the_nickname_boxes_send_what_was_typed_when_the_participant_leaves_them(store):
    """One message per box, sent before the tap (a message per keystroke let the tap overtake the
    rest of a nickname on a busy kernel: see participant._text_box)."""
    code = store.create_session([("bank", "lesson01"), ("bank", BANK)]).code
    app = ParticipantApp(store, query_string="")
    assert (app.code_box.continuous_update, app.nick_box.continuous_update) == (False, False)
    app.join(code, "小明同学")
    while app.step.question.type != "numeric":
        app.submit(right(app.step.question))
        app._show_position()
    assert app.number_box.continuous_update is False


def test_a_nickname_in_use_on_another_page_is_not_taken_over_without_asking(store):
    code = store.create_session([("bank", BANK)]).code
    qs = bank(BANK).questions
    first = ParticipantApp(store, query_string="")
    first.join(code, "小明")
    first.submit(right(qs[0]))

    other = ParticipantApp(store, query_string="")  # another phone, the same nickname
    other.join(code, "小明")
    assert other.flow.participant is None
    page = all_widget_html(other.widget)
    assert "是你本人吗" in page and "是我，继续" in page and "换一个昵称" in page
    assert "你的答案" not in page  # nothing of the first page's answers is shown before the answer
    other.body.children[2].click()  # 换一个昵称
    assert other.code_box.value == code and other.nick_box.value == ""
    other.join(code, "小红")
    assert other.flow.participant.nickname == "小红" and other.step.question.id == qs[0].id

    same = ParticipantApp(store, query_string="")  # the first person, who changed phone
    same.join(code, "小明")
    same.body.children[1].click()  # 是我，继续
    assert same.flow.participant.nickname == "小明" and same.step.question.id == qs[1].id
    assert [p["nickname"] for p in store.export_rows(code)] == ["小明"]
    assert store.participant_count(code) == 2


def test_the_same_phone_resumes_without_being_asked(store):
    code = store.create_session([("bank", BANK)]).code
    first = ParticipantApp(store, query_string="")
    first.join(code, "阿梅")
    token = first.flow.participant.token
    reload = ParticipantApp(store, query_string="", cookie=f"_xsrf=abc; ow_me=other.{token}")
    reload.join(code, "阿梅")
    assert reload.flow.participant.token == token and "是你本人吗" not in all_widget_html(reload.widget)


def test_the_phone_is_recognised_among_other_cookies(store):
    code = store.create_session([("bank", BANK)]).code
    first = ParticipantApp(store, query_string="")
    first.join(code, "阿梅")
    token = first.flow.participant.token
    hub = f'jupyterhub-session-id=a"b; x=[1,2]; not_ow_me=zzz; ow_me={token}.other'  # one malformed
    assert ParticipantApp(store, query_string="", cookie=hub).known_tokens() == {token, "other"}
    assert ParticipantApp(store, query_string="", cookie=f"not_ow_me={token}").known_tokens() == set()


def test_a_quiet_page_no_longer_counts_as_in_use(store, monkeypatch):
    from overdue.workshop import flow

    code = store.create_session([("bank", BANK)]).code
    first = ParticipantApp(store, query_string="")
    first.join(code, "阿梅")
    later = ParticipantApp(store, query_string="")
    p = later.flow.find(code, "阿梅")
    assert later.flow.other_page_active(p)
    import time as _time

    assert not later.flow.other_page_active(p, now=_time.time() + flow.PRESENCE_WINDOW + 1)


def test_the_rejoin_address_of_a_dead_page_joins_at_once_where_the_participant_stopped(store):
    code = store.create_session([("bank", BANK)]).code
    qs = bank(BANK).questions
    app = ParticipantApp(store, query_string="")
    app.join(code, "小明同学")
    app.submit(right(qs[0]))
    me = app.widget.children[1].children[0].value  # the header carries the rejoin address
    rejoin = html.unescape(me.split('data-rejoin="')[1].split('"')[0])
    assert rejoin.startswith("?") and "rejoin=1" in rejoin
    token = app.flow.participant.token
    again = ParticipantApp(store, query_string=rejoin[1:], cookie=f"ow_me={token}")
    assert again.flow.participant.token == token and again.step.question.id == qs[1].id


@pytest.mark.parametrize("nick", ["138.0013.8000", "13800138000"])
def test_a_nickname_holding_a_phone_number_is_refused(store, nick):
    """Through the course's one personal-number check (overdue.privacy.sensitive_number)."""
    code = store.create_session([("bank", BANK)]).code
    app = ParticipantApp(store, query_string="")
    app.join(code, nick)
    assert app.flow.participant is None and "昵称里有一串像" in app.error.value
    assert store.participant_count(code) == 0


def test_a_second_answer_to_the_same_question_is_not_counted(store):
    code = store.create_session([("bank", BANK)]).code
    q = bank(BANK).questions[0]
    a = ParticipantApp(store, query_string="")
    a.join(code, "x")
    b = ParticipantApp(store, query_string="", cookie=f"ow_me={a.flow.participant.token}")  # a second tab
    b.join(code, "x")
    a.submit(right(q))
    res = b.submit(wrong(q))
    assert res.resubmitted and res.correct
    assert store.answer_count(code) == 1


def test_nicknames_and_content_are_escaped_before_reaching_html(store):
    code = store.create_session([("bank", BANK)]).code
    app = ParticipantApp(store, query_string="")
    nick = "<img src=x onerror=alert(1)>"
    app.join(code, nick)
    page = all_widget_html(app.widget)
    assert "<img src=x" not in page
    assert html.escape(nick) in page


def test_a_closed_session_takes_no_new_answers(store):
    code = store.create_session([("bank", BANK)]).code
    app = ParticipantApp(store, query_string="")
    app.join(code, "x")
    store.set_open(code, False)
    app.submit(right(app.step.question))
    assert store.answer_count(code) == 0
    assert "已经结束" in all_widget_html(app.widget)


def test_a_paced_session_waits_for_the_instructor(store):
    code = store.create_session([("bank", BANK)], paced=True).code
    app = ParticipantApp(store, query_string="")
    app.join(code, "x")
    app.submit(right(app.step.question))
    app._show_position()
    assert "请稍等" in all_widget_html(app.widget)
    store.set_current(code, 1)
    app._show_position()
    assert app.step.question.id == bank(BANK).questions[1].id


def test_a_roleplay_is_played_to_an_ending_and_counted_per_branch(store):
    code = store.create_session([("roleplay", RP)]).code
    script = roleplay(RP)
    app = ParticipantApp(store, query_string="")
    app.join(code, "x")
    taken = []
    for _ in range(30):
        state = app.flow.roleplay_state(app.step)
        if state.ending is not None:
            break
        choice = state.scene.choices[0]
        taken.append((state.scene.id, choice.id))
        app._choose(choice.id)
    assert state.ending is not None and "ow-ending" in str([c._dom_classes for c in app.body.children])
    st = session_stats(code, store).steps[0]
    counts = {(s.scene, b.key): b.count for s in st.scenes for b in s.bars}
    assert all(counts[t] == 1 for t in taken)
    assert sum(b.count for b in st.endings) == 1
    assert next(b for b in st.endings if b.key == f"{state.ending.id}:{state.outcome}").count == 1
    assert script.start == taken[0][0]


def test_a_harmful_path_to_a_good_ending_is_not_counted_good_on_phone_or_dashboard(store):
    # doorstep: believing the card's hotline, then recovering, still ends at 识破骗局 (mixed at best)
    code = store.create_session([("roleplay", "doorstep")]).code
    app = ParticipantApp(store, query_string="")
    app.join(code, "小林")
    for cid in ["ask_through_door", "call_card_number", "hang_up_and_call_official", "keep_notes"]:
        app._choose(cid)
    state = app.flow.roleplay_state(app.step)
    assert state.ending.id == "scam_avoided" and state.outcome == "mixed" and not state.passed
    page = str([getattr(c, "value", "") for c in app.body.children])
    assert "还可以更好" in page and "第 2 步" in page and "相信了没有核实过的人" in page
    st = session_stats(code, store).steps[0]
    bars = {b.key: b for b in st.endings}
    assert bars["scam_avoided:mixed"].count == 1 and st.n_correct == 0
    assert not any(k.endswith(":good") and b.count for k, b in bars.items())

    # a clean path to calm_verified is good on both
    app2 = ParticipantApp(store, query_string="")
    app2.join(code, "小周")
    for cid in ["ask_through_door", "note_and_verify", "call_95384", "back_to_door", "app_only", "honest_plan"]:
        app2._choose(cid)
    assert app2.flow.roleplay_state(app2.step).outcome == "good"
    bars = {b.key: b for b in session_stats(code, store).steps[0].endings}
    assert bars["calm_verified:good"].count == 1 and bars["calm_verified:good"].correct is True


def test_the_dashboard_counts_answers_and_reveals(store):
    store.set_meta(serve.URL_META_KEY, "http://192.168.1.20:8866/")
    dash = Dashboard(store, auto_refresh=False)
    code = dash.create([BANK], [RP], title="测试")
    assert bytes(dash.qr_image.value).startswith(b"\x89PNG")
    assert f"课堂码 {code}" in dash.code_html.value
    qs = bank(BANK).questions
    for i in range(5):
        app = ParticipantApp(store, query_string="")
        app.join(code, f"p{i}")
        app.submit(right(qs[0]) if i < 3 else wrong(qs[0]))
    assert dash.refresh() and not dash.refresh()  # redrawn on change only
    st = dash.stats.steps[0]
    assert (st.n, st.n_correct, st.share_correct) == (5, 3, 0.6)
    assert "5 人加入" in dash.status.value and "5 个答案" in dash.status.value
    assert bytes(dash.chart.value).startswith(b"\x89PNG")
    assert "正确答案" not in dash.answer_html.value
    dash.reveal()
    assert "正确答案" in dash.answer_html.value
    dash.next()
    assert dash.focus == 1 and store.get_session(code).current == 1


def test_the_dashboard_exports_csv_and_deletes_only_when_confirmed(store, tmp_path):
    dash = Dashboard(store, auto_refresh=False)
    code = dash.create([BANK])
    app = ParticipantApp(store, query_string="")
    app.join(code, "导出测试")
    app.submit(right(bank(BANK).questions[0]))
    dash.refresh()
    path = dash.export_csv(tmp_path / "out.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    q0 = bank(BANK).questions[0]
    assert rows[0][0] == "昵称" and rows[1][0] == "导出测试" and rows[1][8] == "1"
    assert rows[1][1] == "3" and rows[1][4] == q0.prompt.zh and rows[1][5] == q0.id  # lesson, text beside id
    assert "base64," in dash.export_html.value
    with pytest.raises(Exception, match="确认"):
        dash.delete(confirm=False)
    assert store.answer_count(code) == 1
    assert dash.delete(confirm=True) == 1
    assert store.sessions() == []


def test_the_dashboard_data_function_matches_the_rows(store):
    code = store.create_session([("bank", BANK)]).code
    qs = bank(BANK).questions
    for i in range(7):
        app = ParticipantApp(store, query_string="")
        app.join(code, f"p{i}")
        for k, q in enumerate(qs[:4]):
            app.submit(right(q) if (i + k) % 2 else wrong(q))
            app._show_position()
    stats = session_stats(code, store)
    rows = store.export_rows(code)
    for k, q in enumerate(qs[:4]):
        mine = [r for r in rows if r["question"] == q.id]
        st = stats.steps[k]
        assert st.n == len(mine) == 7
        assert st.n_correct == sum(r["correct"] for r in mine)
        if q.type in ("single", "multiple"):
            picked = sum(len(json.loads(r["answer"])) if q.type == "multiple" else 1 for r in mine)
            assert sum(b.count for b in st.bars) == picked


def test_serve_prints_the_address_and_a_qr_code(tmp_path, capsys, monkeypatch):
    db = tmp_path / "w.sqlite3"
    # serve.main exports the database for the kernels it starts: undo that after the test, or a later
    # notebook run by the same worker would write into this test's database
    monkeypatch.setenv(serve.DB_ENV, str(db))
    assert serve.main(["--host", "0.0.0.0", "--port", "8899", "--db", str(db), "--print-only"]) == 0
    out = capsys.readouterr().out
    assert ":8899/" in out and "█" in out and str(db) in out
    assert WorkshopStore(db).get_meta(serve.URL_META_KEY).endswith(":8899/")


def test_the_voila_command_hides_code_and_tracebacks_and_denies_jupytext(tmp_path):
    args = serve.voila_args(tmp_path / "nb.ipynb", host="127.0.0.1", port=9999, pool_size=3)
    assert "--MappingKernelManager.cull_idle_timeout=900" in args  # closed pages free their kernels
    assert "--MappingKernelManager.cull_connected=False" in args  # open pages keep theirs
    assert "--VoilaConfiguration.http_header_envs=Cookie" in args  # a kernel knows its page's browser
    assert "--KernelRestarter.time_to_dead=1.0" in args  # a dead kernel's page is told within a second
    joined = " ".join(args)
    assert "--strip_sources=True" in args and "--show_tracebacks=False" in args
    assert "--preheat_kernel=True" in args and "--pool_size=3" in args
    assert "jupyterlab-jupytext" in joined and "--Voila.ip=127.0.0.1" in args and "--port=9999" in args


def test_a_broken_session_shows_a_short_message_and_logs_the_details(store):
    code = store.create_session([("bank", "no_such_bank")]).code
    app = ParticipantApp(store, query_string="")
    app.join(code, "x")
    page = all_widget_html(app.widget)
    assert "请告诉老师" in page and "Traceback" not in page and "no_such_bank" not in page
    log = (store.path.parent / "workshop-errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "no_such_bank" in log


# -- 课前/课后小测 and the 学习效果 view ------------------------------------------------------------------

PREPOST = "prepost"


def test_the_before_and_after_tick_asks_the_check_first_and_last(store):
    dash = Dashboard(store, auto_refresh=False)
    assert "prepost" not in str(dash.item_pick.options)  # the tick adds it
    code = dash.create([BANK, PREPOST], [RP], title="周六", prepost=True)
    items = [(it.kind, it.id) for it in store.get_session(code).items]
    assert items == [("bank", "prepost"), ("bank", BANK), ("roleplay", RP), ("roleplay", f"{RP}_after"),
                     ("bank", "prepost_after")]  # the check only once each way, even when picked as well
    steps = ParticipantApp(store, query_string="")
    steps.join(code, "小林")
    first = [s for s in steps.flow.steps if s.item == "prepost"]
    last = [s for s in steps.flow.steps if s.item == "prepost_after"]
    assert [s.question.id for s in first] == [s.question.id for s in last] == [q.id for q in bank(PREPOST).questions]
    assert steps.step.item == "prepost"  # the check comes first
    plain = dash.create([BANK])
    dash.open(plain)
    assert dash.gain_btn.layout.display == "none" and dash.learning_gain() is None


def _answer_round(app, item, n_right):
    """Answer every question of `item` on the page: the first n_right right, the rest wrong."""
    k = 0
    for _ in bank(item).questions:
        at = app.flow.position()
        if at >= len(app.flow.steps) or not app.flow.may_see(at) or app.flow.steps[at].item != item:
            break
        assert app.step.index == at
        q = app.step.question
        app.submit(right(q) if k < n_right else wrong(q))
        app._show_position()
        k += 1
    return k


def test_the_learning_gain_view_pairs_a_class_of_five_and_the_report_names_nobody(store, tmp_path):
    dash = Dashboard(store, auto_refresh=False)
    code = dash.create([], [], title="周六课堂", paced=True, prepost=True)
    n = len(bank(PREPOST).questions)
    store.set_current(code, n - 1)  # the class is on the before round
    apps = []
    for i in range(4):
        app = ParticipantApp(store, query_string="")
        app.join(code, f"阿花{i}")
        assert _answer_round(app, "prepost", 4) == n  # 4 right before
        apps.append(app)
    store.set_current(code, 2 * n - 1)  # the instructor moves on to the after round
    late = ParticipantApp(store, query_string="")
    late.join(code, "迟到的阿花")  # too late for the before round: starts where the class is
    assert late.step.item == "prepost_after"
    apps.append(late)
    for app in apps[1:]:  # the first one has left
        app._show_position()
        assert _answer_round(app, "prepost_after", n - 1) == n  # all but one right after
    dash.show_gain()
    g = dash.learning_gain()
    assert (g.n_paired, g.only_before, g.only_after) == (3, 1, 1)
    assert (g.share_before, g.share_after) == (0.4, 0.9)
    view = dash.gain_html.value
    assert "都做了：3 人" in view and "只做了课前：1 人" in view and "只做了课后：1 人" in view
    assert "人数太少，只作参考" in view and "变化 +50 个百分点" in view
    assert bytes(dash.gain_chart.value).startswith(b"\x89PNG")
    assert dash.chart.layout.display == "none" and dash.gain_btn.description == "← 回到题目"
    html_path, png_path = dash.export_report(tmp_path / "报告")
    page = html_path.read_text(encoding="utf-8")
    assert "周六课堂" in page and "课前、课后都做了的人数：3" in page and "人数太少，只作参考" in page
    assert "阿花" not in page  # no nickname
    assert png_path.read_bytes().startswith(b"\x89PNG") and "下载报告" in dash.report_html.value
    dash.show_gain(False)
    assert dash.chart.layout.display is None and dash.gain_view.layout.display == "none"


def test_a_roleplay_played_again_at_the_end_gives_first_and_last_plays(store):
    dash = Dashboard(store, auto_refresh=False)
    code = dash.create([], [RP], prepost=True)
    script = roleplay(RP)
    app = ParticipantApp(store, query_string="")
    app.join(code, "演两次")
    _answer_round(app, "prepost", 0)
    for item in (RP, f"{RP}_after"):
        assert app.step.item == item
        for _ in range(30):
            state = app.flow.roleplay_state(app.step)
            if state.ending is not None:
                break
            app._choose(state.scene.choices[0].id)
        app._show_position()
    first = session_stats(code, store).steps
    assert [s.item for s in first if s.kind == "roleplay"] == [RP, f"{RP}_after"]
    g = dash.learning_gain()
    (rp,) = g.roleplays
    assert (rp.roleplay, rp.paired, rp.once) == (script.roleplay, 1, 0)
    assert rp.good_first == rp.good_last  # the same choices both times


def test_phones_show_options_in_the_notebooks_per_person_order(store):
    from overdue.quiz.engine import option_order

    questions = bank("lesson08").questions
    ordering = next(q for q in questions if q.type == "ordering")
    code = store.create_session([("bank", "lesson08")]).code
    seen = {}
    for nick in ("小林", "小周", "小吴", "小郑"):
        app = ParticipantApp(store, query_string="")
        app.join(code, nick)
        while app.step.question.id != ordering.id:
            q = app.step.question
            app.flow.submit(app.step, q.answer if q.type != "numeric" else q.answer)
            app._show_position()
        shown = [b.option_id for b in app.option_buttons.values()]
        token = app.flow.participant.token
        assert shown == [o.id for o in option_order(ordering, token, "lesson08")]
        assert shown != list(ordering.answer)  # never shown already in the right order
        seen[nick] = tuple(shown)
    assert len(set(seen.values())) > 1  # people do not all see one order


def test_the_dashboard_numbers_questions_as_the_phones_do(store):
    code = store.create_session([("roleplay", RP), ("bank", BANK)]).code
    dash = Dashboard(store, auto_refresh=False)
    dash.open(code)
    app = ParticipantApp(store, query_string="")
    app.join(code, "小何")
    total = len(bank(BANK).questions)
    dash.focus = 1  # the first question, after the role-play
    dash.refresh(force=True)
    assert f"第 1 题 / 共 {total} 题" in dash.step_label.value
    dash.focus = 0
    dash.refresh(force=True)
    assert "情景演练" in dash.step_label.value


def test_a_paced_session_holds_feedback_on_phones_until_the_answer_is_revealed(store):
    code = store.create_session([("bank", BANK)], paced=True).code
    app = ParticipantApp(store, query_string="")
    app.join(code, "小冯")
    q = app.step.question
    app.submit(right(q))
    held = app.feedback.value
    assert "收到你的答案" in held and "公布答案" in held
    assert "正确" not in held and "讲解" not in held.replace("对错和讲解", "")
    explanation = str(q.explanation.zh) if q.explanation else ""
    assert not explanation or explanation[:12] not in held
    store.reveal(code, app.step.index)
    app.show_if_revealed()
    assert "正确" in app.feedback.value  # now right/wrong and the explanation

    unpaced = store.create_session([("bank", BANK)]).code  # not paced: feedback at once, as before
    other = ParticipantApp(store, query_string="")
    other.join(unpaced, "小褚")
    other.submit(right(other.step.question))
    assert "正确" in other.feedback.value



def test_the_csv_names_choices_and_role_play_endings_and_guards_formulas(store, tmp_path):
    dash = Dashboard(store, auto_refresh=False)
    code = dash.create([], [RP])
    app = ParticipantApp(store, query_string="")
    app.join(code, "=1+1")  # a nickname a spreadsheet would run as a formula
    for cid in ["ask_through_door", "call_card_number", "hang_up_and_call_official", "keep_notes"]:
        app._choose(cid)
    path = dash.export_csv(tmp_path / "rp.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert all(r[0] == "'=1+1" for r in rows[1:])
    assert any("工牌上印的" in r[6] and r[7] == "call_card_number" for r in rows)
    ending = rows[-1]
    assert ending[5] == "scam_avoided" and ending[6] == "识破骗局，一分钱没损失"
    assert ending[8] == "0" and ending[9] == "还可以更好" and ending[1] == "2"


# -- the instructor's order, 跳到…, 先不公布答案 -----------------------------------------------------------


def _phone_progress(app) -> str:
    return app.widget.children[1].children[1].value if app.step.kind == "question" else ""


def test_the_session_follows_the_order_the_instructor_picked(store):
    dash = Dashboard(store, auto_refresh=False)
    picks = dict((v, k) for k, v in dash.item_pick.options)
    assert ("bank", BANK) in picks and ("roleplay", RP) in picks
    for value in [("bank", "lesson01"), ("roleplay", RP), ("bank", BANK)]:
        dash.item_pick.value = value
        dash._add_clicked()  # 加入 ↓
    dash.move_item(2, -1)  # lesson03 上移: before the role-play
    dash.move_item(0, 1)  # lesson01 下移: after lesson03
    dash.add_item("bank", "lesson02")
    dash.remove_item(3)
    assert [o[0].split(".")[0] for o in dash.agenda_list.options] == ["1", "2", "3"]
    dash.title_box.value = "周三下午"
    dash._create_from_form()  # 创建课堂
    code = dash.code
    assert [(it.kind, it.id) for it in store.get_session(code).items] == [
        ("bank", BANK), ("bank", "lesson01"), ("roleplay", RP)]
    assert dash.agenda == []  # the form is ready for the next session

    app = ParticipantApp(store, query_string="")
    app.join(code, "小秦")
    n3, n1 = len(bank(BANK).questions), len(bank("lesson01").questions)
    assert app.step.item == BANK
    for _ in range(n3):
        app.flow.submit(app.step, right(app.step.question))
        app._show_position()
    assert app.step.item == "lesson01"  # the order picked, not quizzes by file name
    assert f"第 {n3 + 1} 题 / 共 {n3 + n1} 题" in all_widget_html(app.widget)
    dash.jump(n3)
    assert f"第 {n3 + 1} 题 / 共 {n3 + n1} 题" in dash.step_label.value  # the same number as the phone
    names = dash.step_names()
    assert names[n3].startswith(f"第 {n3 + 1} 题") and "第1课" in names[n3].replace(" ", "")
    assert names[-1].startswith("情景演练")  # the role-play comes last, as picked


def test_quizzes_and_role_plays_mixed_with_the_before_and_after_tick(store):
    dash = Dashboard(store, auto_refresh=False)
    code = dash.create(items=[("roleplay", RP), ("bank", BANK), ("bank", PREPOST)], prepost=True)
    assert [(it.kind, it.id) for it in store.get_session(code).items] == [
        ("bank", "prepost"), ("roleplay", RP), ("bank", BANK), ("roleplay", f"{RP}_after"), ("bank", "prepost_after")]


def test_jumping_moves_the_phones_of_a_paced_session_there(store):
    dash = Dashboard(store, auto_refresh=False)
    code = dash.create(items=[("bank", BANK), ("roleplay", RP)], paced=True)
    ahead, behind = ParticipantApp(store, query_string=""), ParticipantApp(store, query_string="")
    ahead.join(code, "小严")
    behind.join(code, "小华")
    ahead.submit(right(ahead.step.question))
    assert behind.step.index == 0
    target = len(bank(BANK).questions)  # the role-play, past ten questions nobody answered
    dash.jump_pick.value = target  # 跳到…
    assert dash.focus == target and store.get_session(code).current == target
    assert "情景演练" in dash.step_label.value
    for app in (ahead, behind):
        app.follow_class()  # what the page does every 2 s
        assert app.step.index == target and app.step.kind == "roleplay"
        assert "ow-choice" in str([c._dom_classes for c in app.body.children])
    dash.jump(2)  # back to the third question: unanswered by both, so both go there
    for app in (ahead, behind):
        app.follow_class()
        assert app.step.index == 2 and "第 3 题" in all_widget_html(app.widget)
    dash.next()  # 下一题 then moves the class on as before
    behind.submit(right(behind.step.question))
    behind._show_position()
    assert behind.step.index == 3

    free = dash.create(items=[("bank", BANK)])  # self-paced: a jump moves the projector only
    me = ParticipantApp(store, query_string="")
    me.join(free, "小金")
    dash.jump(5)
    me.follow_class()
    assert dash.focus == 5 and me.step.index == 0


def test_holding_the_answers_is_its_own_option(store):
    dash = Dashboard(store, auto_refresh=False)
    assert not dash.hold_box.value
    dash.paced_box.value = True
    assert dash.hold_box.value  # on by default with pacing
    dash.hold_box.value = False  # and settable on its own
    dash.add_item("bank", BANK)
    dash._create_from_form()
    paced_open = store.get_session(dash.code)
    assert paced_open.paced and not paced_open.hold
    app = ParticipantApp(store, query_string="")
    app.join(paced_open.code, "小魏")
    app.submit(right(app.step.question))
    assert "正确" in app.feedback.value  # paced, but the answers are not held

    held = dash.create(items=[("bank", BANK)], paced=False, hold=True)
    assert "先不公布答案" in dash.code_html.value
    other = ParticipantApp(store, query_string="")
    other.join(held, "小陶")
    other.submit(wrong(other.step.question))
    assert "收到你的答案" in other.feedback.value and ui("common.wrong") not in other.feedback.value
    dash.reveal()
    other.show_if_revealed()
    assert ui("common.wrong") in other.feedback.value
    assert store.create_session([("bank", BANK)], paced=True).hold  # the default follows pacing


def test_the_dashboard_warns_when_no_participant_server_uses_its_answer_file(store, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_API_URL", raising=False)
    dash = Dashboard(store, auto_refresh=False)
    dash.create([BANK])
    assert "没有发现学员答题页面" in dash.server_html.value and str(store.path) in dash.server_html.value
    assert "ow-server-missing" in dash.server_html.value
    store.server_beat("port:8866", now=1000.0)
    dash.tick_clock(now=1004.0)
    assert dash.server_html.value == ""
    dash.tick_clock(now=1000.0 + 130)
    assert "大约 2 分钟没有动静" in dash.server_html.value
    store.server_beat("port:8866", now=1200.0, stopped=True)
    dash.tick_clock(now=1201.0)
    assert "已经停止" in dash.server_html.value
    assert str(store.path) in dash.files_html.value and str(dash.exports_dir) in dash.files_html.value
    assert str(store.path) in dash.files_line.value and str(dash.exports_dir) in dash.files_line.value  # unfolded


def test_the_checked_time_ticks_even_when_nothing_changed(store):
    dash = Dashboard(store, auto_refresh=False)
    dash.create([BANK])
    dash.tick_clock(now=1_700_000_000.0)
    first = dash.clock.value
    assert not dash.refresh()  # nothing changed
    dash.tick_clock(now=1_700_000_002.0)
    assert dash.clock.value != first and "每 2 秒自动刷新" in dash.clock.value


def test_deleting_a_session_deletes_its_exported_files_and_presence_and_says_what(store, tmp_path, monkeypatch):
    from overdue.workshop.store import PRESENCE_PREFIX

    dash = Dashboard(store, auto_refresh=False)
    code = dash.create([], [], prepost=True)
    keep = dash.create([BANK])  # another session: its files stay
    keep_csv = dash.export_csv()
    dash.open(code)
    apps = []
    for nick in ("小龙", "小凤"):
        app = ParticipantApp(store, query_string="")
        app.join(code, nick)
        app.submit(right(app.step.question))
        apps.append(app)
    csv_path = dash.export_csv()  # the data folder's exports
    elsewhere = dash.export_csv(tmp_path / "u盘" / "名单.csv")  # a place the instructor chose
    html_path, png_path = dash.export_report(tmp_path / "报告")
    old = dash.exports_dir / f"workshop_{code}_20260101-0900.csv"  # exported before files were recorded
    old.write_text("昵称\n小龙\n", encoding="utf-8")
    stuck = tmp_path / "stuck.csv"
    stuck.write_text("x", encoding="utf-8")
    store.record_export(code, stuck)
    real_unlink = type(stuck).unlink

    def unlink(self, *a, **k):  # as Windows refuses a file open in Excel
        if self.name == "stuck.csv":
            raise PermissionError("in use")
        return real_unlink(self, *a, **k)

    monkeypatch.setattr(type(stuck), "unlink", unlink)
    tokens = [a.flow.participant.token for a in apps]
    assert all(store.get_meta(PRESENCE_PREFIX + t) for t in tokens)

    assert dash.delete(confirm=True) == 2
    for f in (csv_path, elsewhere, html_path, png_path, old):
        assert not f.exists(), f
    assert stuck.exists() and keep_csv.exists()
    assert all(store.get_meta(PRESENCE_PREFIX + t) is None for t in tokens)
    said = dash.message.value
    assert "2 个答案" in said and "2 个昵称" in said and "2 条在线记录" in said
    assert "5 个导出文件" in said and csv_path.name in said and "名单.csv" in said and html_path.name in said
    assert "没能删除" in said and str(stuck) in said
    assert dash.last_deleted["not_deleted"] == [str(stuck)]
    assert [s.code for s in store.sessions()] == [keep] and store.exports_of(code) == []


def test_projected_charts_fit_the_page_unshrunk_and_keep_numbers_whole(store):
    """At 1366x768 the chart has about 1200 x 440 px under the code and buttons: a taller picture
    would be shrunk and its words with it. A number (the hotline 95384) never breaks across lines."""
    from overdue.workshop import plots

    code = store.create_session([("bank", "lesson02"), ("roleplay", RP)]).code
    for i, moves in enumerate([["ask_through_door", "call_card_number", "hang_up_and_call_official", "keep_notes"],
                               ["ask_through_door"]]):
        app = ParticipantApp(store, query_string="")
        app.join(code, f"小{i}")
        app.step = next(s for s in app.flow.steps if s.kind == "roleplay")
        for cid in moves:
            app.flow.choose(app.step, cid)
    stats = session_stats(code, store)
    for st in stats.steps:
        fig = plots.question_figure(st, True) if st.kind == "question" else plots.roleplay_figure(st)
        width, height = fig.get_size_inches()
        assert width == plots.WIDTH and height <= plots.MAX_HEIGHT + 0.6, (st.label, height)
        labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
        assert not any("9538\n" in t or "\n4" in t and "9538" in t for t in labels)
    assert plots.wrap("挂断电话，不转账，用自己查到的95384重新打过去问").split("\n")[1].startswith("95384")


def test_the_qr_code_appears_once_the_participants_server_has_started(store):
    dash = Dashboard(store, auto_refresh=False)
    dash.create([BANK])
    assert dash.qr_image.layout.display == "none" and "make class" in dash.code_html.value
    store.set_meta(serve.URL_META_KEY, "http://192.168.43.10:8866/")  # started now, or on a hotspot
    dash.tick_clock()
    assert dash.qr_image.layout.display is None and "192.168.43.10" in dash.code_html.value
    assert "192.168.43.10" in dash.qr_image.tooltip and f"code={dash.code}" in dash.qr_image.tooltip


def test_creating_with_nothing_added_says_what_to_press_beside_the_button(store):
    dash = Dashboard(store, auto_refresh=False)
    dash.item_pick.value = ("bank", BANK)  # selected, but 加入 ↓ not pressed
    dash._create_from_form()
    assert "加入 ↓" in dash.form_message.value and store.sessions() == []
    dash._add_clicked()
    dash._create_from_form()
    assert dash.form_message.value == "" and len(store.sessions()) == 1
