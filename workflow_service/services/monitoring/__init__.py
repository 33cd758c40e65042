"""Supervisors' views: overdue and due-soon tasks of a subtree, summaries, CSV/XLSX exports.

May import: domain, persistence, services.deadlines/access/units."""
