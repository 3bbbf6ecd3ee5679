"""Every test gets its own data folder (OVERDUE_DATA_DIR): the progress store, where the quizzes and
the learner's records are kept, never reads or writes the real one, and no test sees another's."""

import pytest


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("OVERDUE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
