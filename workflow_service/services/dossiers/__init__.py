"""Dossiers: filing (with its form), reading, attachments, the dossier's diagram with its state.

May import: domain, engine, persistence, services.tasks and everything below it."""
