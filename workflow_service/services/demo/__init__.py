"""The demo data set loaded on an empty database (units, one user per role).

May import: domain, persistence, services.accounts/units."""
