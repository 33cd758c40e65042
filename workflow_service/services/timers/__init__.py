"""Firing due BPMN timers: pick each due timer once across workers and step its dossier.

May import: domain, engine, persistence, services.instances/definitions/audit."""
