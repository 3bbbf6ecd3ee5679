"""overdue: the engine, quizzes, widgets and workshop tools of the debt-collection course."""

__version__ = "0.1.0"
