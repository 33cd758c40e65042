"""Certificate records written with the engine step that issues, re-evaluates, inspects or revokes one.

Called by services.instances.sync inside the step's transaction, so a recognition and its certificate
row (or a revocation and the register change) commit together or not at all.

May import: domain, persistence, services.deadlines and below."""
