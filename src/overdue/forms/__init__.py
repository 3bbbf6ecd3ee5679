"""The state of every calculator and form, pure (no widget, plotting or IPython library).

Each module holds what a form is: its inputs as typed, how they are read and checked (through
`overdue.inputs` and the engine's validation), the result and what is kept. The ipywidgets views in
`overdue.widgets` wrap these objects and only mirror them, so everything here is testable without a
browser, and the exercise checkers and the workshop use it without loading a widget library.

    base                what every form shares: presets, reading input, `Calculator`, formatting
    terms               the loan terms the calculators read (one place for all of them)
    overdue_calculator  逾期费用计算器          collector_check  核对催收金额
    rate_converter      利率换算                plan_planner     还款能力与方案比较
    timeline            the lesson-01 timeline  red_flags        the lesson-02 red-flag checker
    contact_log         催收联络记录            rules_sort       the lesson-05 rules sort
    letter              协商还款申请            contract         the lesson-07 sample contract
    consequences        the lesson-08 steps     action_plan      我的行动计划 (lesson 09)
    glossary            术语表
"""
