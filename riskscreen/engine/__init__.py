"""The text engine: documents, spaCy pipelines, the indicator catalogue and rule matching.

Plain Python: no Flask, no SQL. The CLI, the HTTP API and batch jobs all call into it.
"""
