"""What process designers do: versions with their dossiers, validate and deploy an edited diagram, compare.

May import: domain, engine, persistence, services.definitions."""
