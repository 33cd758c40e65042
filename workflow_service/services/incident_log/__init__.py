"""Recording a failed engine step as an incident, in its own small transaction after the step's rollback.

May import: domain, persistence, services.audit. Listing, retrying and resolving live in services.incidents."""
