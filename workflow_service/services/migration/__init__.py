"""Migrating dossiers in flight to another process version: plans, dry runs, runs, reverting a dossier.

May import: domain, engine, persistence, services.instances, deadlines, access, regulations, definitions,
units, audit."""
