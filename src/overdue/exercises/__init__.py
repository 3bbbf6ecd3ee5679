"""Exercise checks, one module per lesson (``lessonNN.py``), built on `overdue.exercises.base` from
the exercise records in ``content/exercises/lessonNN.yaml`` (`overdue.exercises.records`).

In a notebook::

    from overdue.exercises import lesson03 as ex, show_exercise
    show_exercise("l03_collector_claim")   # the statement and options, from the record
    ex.collector_claim.check(answer)       # 尚未作答 / ✔ 正确 / what is wrong
    ex.collector_claim.hint()              # the next hint
    ex.collector_claim.solution()          # the worked solution
"""

from .records import show_exercise

__all__ = ["show_exercise"]
