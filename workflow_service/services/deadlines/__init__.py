"""Due dates and what keeps them: the working calendar and its corrections, plan and round dates,
pauses, reschedules, escalation notices and their e-mail. May import: domain, engine types, persistence,
services.access/audit/units."""
