"""The participant's page in a real browser: join, answer with feedback, reload and continue,
hostile nicknames shown as text; screenshots at phone and laptop sizes."""

from __future__ import annotations

import subprocess
import time

import pytest
from workshop_pages import give_answer, join, next_question, planned_answer, submit

from conftest import LAPTOP, LEAKS, require_browser
from overdue.workshop.flow import bank

pytestmark = pytest.mark.browser

BANK = "lesson03"


@pytest.mark.smoke
def test_a_chinese_system_font_is_installed():
    """Without one, chromium draws Chinese as empty boxes (the DOM text is still right)."""
    require_browser()
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    assert out.strip(), "no CJK font: install fonts-noto-cjk"


@pytest.mark.smoke
def test_join_answer_and_the_answer_is_stored(voila, page):
    store = voila.store()
    code = store.create_session([("bank", BANK)], title="浏览器测试").code
    join(page, voila.url, code, "小星星")
    assert page.locator(".ow-code input").count() == 0
    q = bank(BANK).questions[0]
    assert "第 1 题" in page.locator(".ow-prompt").inner_text()
    give_answer(page, q, planned_answer(q, True))
    feedback = submit(page)
    assert "✔ 正确" in feedback
    rows = store.export_rows(code)
    assert [(r["nickname"], r["question"], r["correct"]) for r in rows] == [("小星星", q.id, 1)]

    q2 = bank(BANK).questions[1]
    next_question(page)
    page.get_by_text("第 2 题").wait_for()
    give_answer(page, q2, planned_answer(q2, False))
    feedback = submit(page)
    assert "✘ 不对" in feedback and "正确答案" in feedback
    assert [r["correct"] for r in store.export_rows(code)] == [1, 0]
    body = page.locator("body").inner_text()
    assert not LEAKS.search(body), LEAKS.search(body)

    page.screenshot(path="/tmp/workshop_participant_phone.png", full_page=True)
    page.set_viewport_size(LAPTOP)
    page.screenshot(path="/tmp/workshop_participant_laptop.png", full_page=True)


def test_the_page_asks_nothing_of_hosts_outside_the_classroom_and_comes_compressed(voila, page):
    """Voila's own template links jQuery and Font Awesome from public CDNs, and its page starts only
    when they have loaded or failed: on a classroom network that cannot reach them every page
    waited. The course's template drops them; scripts come gzip-compressed (a third of the bytes)."""
    from urllib.parse import urlsplit

    server = urlsplit(voila.url).netloc
    asked, compressed, plain = [], [], []

    def on_response(response):
        if response.url.endswith(".js"):
            enc = (response.all_headers().get("content-encoding") or "").lower()
            (compressed if enc == "gzip" else plain).append(response.url)

    page.on("request", lambda r: asked.append(r.url))
    page.on("response", on_response)
    page.goto(voila.url)
    page.locator(".ow-code input").wait_for()
    page.locator(".ow-code input").fill("ABC")  # the page works without jQuery or the icon font
    outside = [u for u in asked if urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and urlsplit(u).netloc != server]
    assert not outside, outside
    assert len(compressed) > 20 and not plain, plain[:5]


def test_a_reload_mid_quiz_continues_where_the_participant_was(voila, page):
    store = voila.store()
    code = store.create_session([("bank", BANK)]).code
    qs = bank(BANK).questions
    join(page, voila.url, code, "阿梅")
    for i in range(2):
        give_answer(page, qs[i], planned_answer(qs[i], True))
        submit(page)
        next_question(page)
    page.get_by_text("第 3 题").wait_for()
    page.reload()
    join(page, voila.url, code, "阿梅")
    assert "欢迎回来" in page.locator(".ow-hello").inner_text()
    assert "第 3 题" in page.locator(".ow-prompt").inner_text()
    give_answer(page, qs[2], planned_answer(qs[2], True))
    assert "✔ 正确" in submit(page)
    rows = store.export_rows(code)
    assert [r["question"] for r in rows] == [q.id for q in qs[:3]]  # nothing twice, nothing lost


def test_a_hostile_nickname_is_shown_as_text_and_runs_nothing(voila, page):
    store = voila.store()
    code = store.create_session([("bank", BANK)]).code
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    nick = "<img src=x onerror=alert(1)>"
    join(page, voila.url, code, nick)
    assert nick in page.locator(".ow-hello").inner_text()
    assert page.locator(".ow-root img[src='x']").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    assert [p for p in store.export_rows(code)] == []
    assert store.join(code, nick).nickname == nick


def test_a_wrong_code_gets_a_chinese_message(voila, page):
    join_page = page
    join_page.goto(voila.url)
    join_page.locator(".ow-code input").fill("0000")
    join_page.locator(".ow-nick input").fill("路人")
    join_page.locator(".ow-join").click()
    err = join_page.locator(".ow-error")
    err.wait_for()
    assert "没有找到课堂码" in err.inner_text()
    join_page.screenshot(path="/tmp/workshop_join_error_phone.png", full_page=True)


def test_choice_questions_and_a_roleplay_in_the_browser(voila, page):
    """A single-choice, a multiple-choice question and a whole role-play, tapped as on a phone."""
    store = voila.store()
    code = store.create_session([("bank", "lesson02"), ("roleplay", "doorstep")]).code
    qs = bank("lesson02").questions
    join(page, voila.url, code, "小林")
    q = qs[0]
    assert q.type == "single"
    give_answer(page, q, planned_answer(q, False))
    assert "●" in page.locator(".ow-option.ow-selected").inner_text()  # selection not by colour alone
    page.screenshot(path="/tmp/workshop_choice_phone.png", full_page=True)
    assert "✘ 不对" in submit(page)
    for q in qs[1:]:
        next_question(page)
        page.locator(".ow-submit").wait_for()
        give_answer(page, q, planned_answer(q, True))
        assert "✔ 正确" in submit(page)
    next_question(page)
    page.locator(".ow-choice").first.wait_for()
    page.screenshot(path="/tmp/workshop_roleplay_phone.png", full_page=True)
    moves = 0
    while page.locator(".ow-ending").count() == 0 and moves < 20:
        before = page.locator(".ow-scene").inner_text()
        page.locator(".ow-choice").first.click()
        moves += 1
        page.wait_for_function(  # the next scene (or the ending) has replaced this one
            "prev => document.querySelector('.ow-ending') || (document.querySelector('.ow-scene')"
            " && document.querySelector('.ow-scene').innerText !== prev)", arg=before)
    page.locator(".ow-ending").wait_for()
    page.screenshot(path="/tmp/workshop_roleplay_end_phone.png", full_page=True)
    rows = store.export_rows(code)
    assert len(rows) == len(qs) + moves
    assert [r["item"] for r in rows[len(qs):]] == ["doorstep"] * moves
    next_question(page)
    assert "全部完成" in page.locator(".ow-done").inner_text()


def test_on_a_phone_options_show_their_whole_border_and_next_stays_in_reach(voila, page):
    """At 390 px the options' left border was cut off (the box around them scrolled sideways), and
    after long feedback 下一题 was below the fold: it now stays at the bottom of the screen."""
    store = voila.store()
    code = store.create_session([("bank", "lesson02")]).code
    q = bank("lesson02").questions[0]
    join(page, voila.url, code, "小周")
    give_answer(page, q, planned_answer(q, True))
    edges = page.evaluate("""() => [...document.querySelectorAll('.ow-option')].map(e => {
        const r = e.getBoundingClientRect(), box = e.parentElement.parentElement.getBoundingClientRect();
        return [r.left, r.right, box.left, box.right, innerWidth]; })""")
    for left, right, box_left, box_right, width in edges:
        assert box_left <= left and right <= box_right and right <= width, edges
    page.screenshot(path="/tmp/workshop_options_phone.png")
    feedback = submit(page)
    assert "✔ 正确" in feedback and len(feedback) > 150  # long enough to pass the fold
    page.wait_for_timeout(300)
    top, bottom, height = page.evaluate("""() => { const r = document.querySelector('.ow-next')
        .getBoundingClientRect(); return [r.top, r.bottom, innerHeight]; }""")
    assert 0 <= top and bottom <= height, (top, bottom, height)
    page.screenshot(path="/tmp/workshop_feedback_phone.png")
    page.set_viewport_size(LAPTOP)
    page.wait_for_timeout(300)
    page.screenshot(path="/tmp/workshop_feedback_laptop.png")


def test_the_projector_page_on_the_same_server_drives_the_phones(voila, page, browser):
    """The instructor's dashboard at /dashboard of the participants' own server, at 1366x768: code and
    QR at the top, the chart on the first screen, the checked time moving, no warning about the
    server (it beats in the same answer file). 跳到… takes a paced session's phone to that question;
    with 先不公布答案 the phone shows right or wrong only after 公布答案."""
    from overdue.workshop import serve

    store = voila.store()
    store.set_meta(serve.URL_META_KEY, voila.url)
    code = store.create_session([("roleplay", "doorstep"), ("bank", BANK)], title="投影测试", paced=True).code
    assert store.get_session(code).hold  # on by default with pacing
    join(page, voila.url, code, "小投影")
    page.locator(".ow-choice").first.wait_for()  # the role-play comes first, as picked

    dash = browser.new_page(viewport=LAPTOP)
    dash.set_default_timeout(90_000)
    dash.goto(voila.url + serve.DASHBOARD_PATH + f"?code={code}")
    dash.locator(".ow-code-big").get_by_text(code).wait_for()
    dash.locator(".ow-status").get_by_text("1 人加入").wait_for()
    assert dash.locator(".ow-server-missing").count() == 0  # this server beats in this answer file
    assert time.time() - store.server_seen()["at"] < 20 and not store.server_seen()["stopped"]
    clock = dash.locator(".ow-clock")
    first = clock.inner_text()
    dash.wait_for_function("t => document.querySelector('.ow-clock').innerText !== t", arg=first, timeout=15_000)

    jump = dash.locator(".ow-jump select")
    jump.select_option(label=f"第 3 题（{bank(BANK).title.zh}）")
    t0 = time.monotonic()
    dash.locator(".ow-step").get_by_text(f"第 3 题 / 共 {len(bank(BANK).questions)} 题").wait_for()
    page.locator(".ow-prompt").get_by_text("第 3 题").wait_for(timeout=30_000)  # the phone followed
    print(f"phone followed the jump after {time.monotonic() - t0:.1f} s")
    q = bank(BANK).questions[2]
    give_answer(page, q, planned_answer(q, True))
    held = submit(page)
    assert "收到你的答案" in held and "✔ 正确" not in held
    page.screenshot(path="/tmp/workshop_phone_held_390x844.png")
    dash.locator(".ow-reveal").click()
    page.locator(".ow-feedback").get_by_text("✔ 正确").wait_for(timeout=30_000)

    chart = dash.locator("img.ow-chart")
    chart.wait_for()
    dash.wait_for_timeout(800)
    box, qr = chart.bounding_box(), dash.locator(".ow-qr").bounding_box()
    assert qr["y"] < 60 and box["y"] < LAPTOP["height"] / 2
    assert box["y"] + box["height"] <= LAPTOP["height"] + 2, box  # the whole chart on the screen
    scale = chart.evaluate("i => Math.min(i.clientWidth / i.naturalWidth, i.clientHeight / i.naturalHeight)")
    assert scale >= 0.85, scale  # the chart's words are drawn at (nearly) their size, not shrunk to fit
    assert dash.locator(".ow-delete").is_hidden() and dash.locator(".ow-create").is_hidden()  # folded
    dash.screenshot(path="/tmp/workshop_projector_1366x768.png")
    page.screenshot(path="/tmp/workshop_phone_revealed_390x844.png")
    dash.locator(".ow-jump select").select_option(label="情景演练：" + "门口的对话：有人来催收")
    dash.locator(".ow-step").get_by_text("情景演练").wait_for()
    dash.wait_for_timeout(800)
    rp = dash.locator("img.ow-chart").bounding_box()
    assert rp["y"] + rp["height"] <= LAPTOP["height"] + 2, rp
    dash.screenshot(path="/tmp/workshop_projector_roleplay_1366x768.png")
    dash.get_by_text("新建课堂", exact=True).click()
    dash.locator(".ow-agenda").wait_for()
    dash.locator(".ow-agenda").scroll_into_view_if_needed()
    dash.screenshot(path="/tmp/workshop_projector_setup_1366x768.png")
    dash.close()
