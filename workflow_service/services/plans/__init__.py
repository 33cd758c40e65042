"""Yearly plans (import, dry run, replace) and the periodic report tasks their recurring steps create.

May import: domain, persistence, services.deadlines and below."""
