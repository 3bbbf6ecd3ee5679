"""The four calculators in one place (each lives in its own module):

* `OverdueCalculator` (overdue_calculator.py): 逾期费用计算器
* `CollectorFigureCheck` (collector_check.py): 核对催收金额
* `RateConverter` (rate_converter.py): 利率换算
* `PlanPlanner` (plan_planner.py): 还款能力与方案比较

Shared pieces: overdue.forms.base and .terms (input reading, the state base class, the loan terms),
fields.py (the form view), fastchart.py (blitted charts).
"""

from .collector_check import CollectorFigureCheck
from .overdue_calculator import OverdueCalculator
from .plan_planner import PlanPlanner
from .rate_converter import RateConverter

__all__ = ["CollectorFigureCheck", "OverdueCalculator", "PlanPlanner", "RateConverter"]
