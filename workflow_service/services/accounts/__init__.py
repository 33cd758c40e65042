"""Users and their role grants: adding users, signing in, API tokens.

May import: domain, persistence, services.context."""
