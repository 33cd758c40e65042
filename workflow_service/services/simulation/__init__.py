"""Simulating a process version before it goes live: a scenario run on a throw-away database.

Owns: the throw-away world (a fresh migrated SQLite file with the demo units and users, the version
deployed), driving the real services through a scenario (filing, claim, complete, timers on a
FixedClock) and the report (path, deadlines, failed expectations). Reads the live database only to
fetch a deployed version's files; never writes it. May import every other service package.
"""
