"""Run only by tests/test_test_isolation.py (not collected on its own: its name has no test_ prefix).

Writes through every default data path, as the suite's own tests and notebooks do."""

from overdue.quiz import Quiz, load_bank
from overdue.quiz.progress import ProgressStore
from overdue.workshop.store import WorkshopStore


def test_writes_through_the_default_paths():
    Quiz(load_bank("lesson02"), learner="probe", store=ProgressStore()).submit("l02_night_visit", "a")
    store = WorkshopStore()
    code = store.create_session([("bank", "lesson02")]).code
    store.join(code, "探针")
