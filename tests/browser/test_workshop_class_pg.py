"""The class of thirty of test_workshop_class.py (27 protocol-level participants and 3 phone pages in
chromium, arriving a moment apart, then all answering at once), with the answers in PostgreSQL
instead of the SQLite file: every answer is stored once under the person who gave it, and the
dashboard (its data, and its page rendered by Voila) counts exactly what the database holds."""

from __future__ import annotations

import asyncio
import sys
from collections import defaultdict

import pytest
import sqlalchemy as sa
from test_workshop_class import BANK, PEOPLE, POOL, QUESTIONS, _run_class, nickname
from workshop_pages import plan_for

from conftest import DASHBOARD, LAPTOP, LIVE_QUIZ, REPO, _keep_log, start_voila
from overdue.workshop import db as db_mod
from overdue.workshop import serve
from overdue.workshop.flow import bank, stored_answer
from overdue.workshop.stats import session_stats
from overdue.workshop.store import canonical_answer

sys.path.insert(0, str(REPO / "tests"))
import pgserver  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def finished_class(tmp_path_factory):
    url = pgserver.server().new_database("class")
    server = start_voila(tmp_path_factory.mktemp("voila-class-pg"), LIVE_QUIZ, pool_size=POOL, db=url)
    try:
        store = server.store()
        assert store.backend == "postgresql"
        questions = bank(BANK).questions[:QUESTIONS]
        code = store.create_session([("bank", BANK)], title="三十人").code
        errors = asyncio.run(_run_class(server.url, code, questions))
        assert not errors, errors[:3]
        yield store, url, code, questions
    finally:
        serve.stop(server.proc)
        _keep_log(server.log)


def database_counts(url: str, code: str) -> dict:
    """Counts read straight from PostgreSQL, not through the store."""
    engine = sa.create_engine(db_mod.sqlalchemy_url(url))
    with engine.connect() as c:
        one = lambda sql: c.execute(sa.text(sql), {"c": code}).scalar_one()  # noqa: E731
        out = {
            "participants": one("SELECT COUNT(*) FROM participants WHERE code = :c"),
            "answers": one("SELECT COUNT(*) FROM answers WHERE code = :c"),
            "by_question": {q: (n, ok) for q, n, ok in c.execute(sa.text(
                "SELECT question, COUNT(*), SUM(correct) FROM answers WHERE code = :c GROUP BY question"),
                {"c": code})},
        }
    engine.dispose()
    return out


def test_thirty_on_postgresql_lose_nothing_and_store_each_answer_under_its_person(finished_class):
    store, _, code, questions = finished_class
    given = defaultdict(dict)
    for row in store.export_rows(code):
        assert row["question"] not in given[row["nickname"]], row  # nothing twice
        given[row["nickname"]][row["question"]] = row["answer"]
    expected = {
        nickname(i): {q.id: canonical_answer(stored_answer(q, a))
                      for q, a in zip(questions, plan_for(i, questions), strict=True)}
        for i in range(PEOPLE)
    }
    assert dict(given) == expected


def test_the_dashboard_counts_what_postgresql_holds(finished_class, browser, tmp_path):
    store, url, code, questions = finished_class
    counts = database_counts(url, code)
    assert (counts["participants"], counts["answers"]) == (PEOPLE, PEOPLE * QUESTIONS)
    stats = session_stats(code, store)
    assert (stats.participants, stats.answers) == (counts["participants"], counts["answers"])
    for k, q in enumerate(questions):
        assert (stats.steps[k].n, stats.steps[k].n_correct) == counts["by_question"][q.id]

    dash = start_voila(tmp_path, DASHBOARD, pool_size=0, db=url)
    try:
        page = browser.new_page(viewport=LAPTOP)
        page.set_default_timeout(60_000)
        page.goto(f"{dash.url}?code={code}")
        page.locator(".ow-status").get_by_text(f"{counts['participants']} 人加入").wait_for()
        assert f"{counts['answers']} 个答案" in page.locator(".ow-status").inner_text()
        page.close()
    finally:
        serve.stop(dash.proc)
