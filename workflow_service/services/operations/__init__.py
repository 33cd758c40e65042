"""Operating the service: the numbers /metrics exposes, scheduler heartbeats, readiness, backup/restore.

May import: domain, persistence, services.deadlines (the working calendar for "due soon")."""
