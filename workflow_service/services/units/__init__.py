"""The administrative unit tree: importing units, a commune's chain upward, a unit's subtree.

May import: domain, persistence."""
