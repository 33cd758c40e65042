"""Registers the deadline endpoints (issue 3) on the `api` blueprint by importing their modules."""

from . import calendar, openapi_deadlines, plans, reports, reschedule, rounds  # noqa: F401
