"""Every test gets its own data folder (OVERDUE_DATA_DIR): the progress store, where the quizzes and
the learner's records are kept, never reads or writes the real one, and no test sees another's.

The run's collection is kept (every item with its markers, before -m or -k deselect any): when the
run collected the whole suite, as `python -m overdue test` does, tests/test_test_tiers.py checks the
tiers against it instead of collecting the suite a second time."""

import pytest

_COLLECTED = pytest.StashKey[list]()


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("OVERDUE_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    config.stash[_COLLECTED] = list(items)  # markers are read later: other plugins may still add some


@pytest.fixture(scope="session")
def collected_items(request) -> dict[str, set[str]]:
    """Every item this run collected, with its markers (before any deselection)."""
    return {item.nodeid: {m.name for m in item.iter_markers()} for item in request.config.stash.get(_COLLECTED, [])}
