"""The store: SQLAlchemy models, sessions, migrations and tenant-scoped queries. No HTTP here."""
