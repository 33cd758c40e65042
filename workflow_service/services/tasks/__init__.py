"""Tasks: the inbox, claim, unclaim, assign, complete, drafts, and checking a form's data.

May import: domain, engine, persistence, services.instances and below."""
