"""APScheduler jobs."""
