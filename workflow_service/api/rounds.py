"""/api/v1/rounds: extra evaluation rounds (next step)."""
