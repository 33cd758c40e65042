"""A process instance after an engine step: task rows, timers and the dossier's outcome written back.

May import: domain, engine, persistence, services.certificate_records and below."""
