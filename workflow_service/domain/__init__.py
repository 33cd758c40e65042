"""Pure domain rules: units, roles, rating, registration numbers, errors. Imports nothing of Flask, SQLAlchemy or SpiffWorkflow."""
