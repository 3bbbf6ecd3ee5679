"""Exercise checks, one module per lesson (``lessonNN.py``), built on `overdue.exercises.base`.

In a notebook::

    from overdue.exercises import lesson03 as ex
    ex.q1.check(answer)   # 尚未作答 / ✔ 正确 / what is wrong
    ex.q1.hint()          # the next hint
    ex.q1.solution()      # the worked solution
"""
