"""Incidents for admins: list and read failed engine steps, retry one on the latest state, resolve one.

May import: domain, persistence, services.dossiers/timers/tasks and everything below them."""
