"""Calculators and explorers built on the engine (`overdue.loan`, `overdue.plans`).

    from overdue.widgets import OverdueCalculator, CollectorFigureCheck, RateConverter, PlanPlanner
    OverdueCalculator().widget

Names are imported on first use, each from its own module, so that importing this package pulls
in no widget library and a problem in one module cannot break the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "OverdueCalculator": ".overdue_calculator",
    "CollectorFigureCheck": ".collector_check",
    "RateConverter": ".rate_converter",
    "PlanPlanner": ".plan_planner",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
