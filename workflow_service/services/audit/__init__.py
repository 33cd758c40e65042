"""The append-only audit trail every action writes in its own transaction.

May import: persistence only."""
