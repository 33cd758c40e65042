"""Import and read yearly plans (stub filled in the next step)."""
