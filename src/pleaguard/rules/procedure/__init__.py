"""Criminal procedure as rules: period counting (CPL Art. 105), the holiday calendar, deadlines and eligibility.

    pleaguard.errors.InputError
    ├── AmbiguousDate               date arithmetic with more than one reasonable answer (periods.add_months)
    └── DateOutsideCalendar         a day the official holiday calendar does not cover (calendar)
"""
