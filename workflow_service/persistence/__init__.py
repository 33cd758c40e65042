"""SQLAlchemy 2.0 typed models, repositories and the unit of work."""
