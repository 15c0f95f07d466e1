"""The HTTP layer: parse, authorise, call the engine or a job, serialise. No scoring logic."""
