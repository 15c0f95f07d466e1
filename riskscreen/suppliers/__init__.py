"""Supplier lists: reading uploads, normalising countries and goods, reference data, entity
matching and the per-supplier score. Plain Python: no Flask here (the API calls into it)."""
