"""Who sees which dossier and task (visibility conditions, the task lookup that 404s the rest).

May import: domain, persistence, services.units. Every list, page and action asks here."""
