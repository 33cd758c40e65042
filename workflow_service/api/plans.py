"""/api/v1/plans: yearly plans (next step)."""
