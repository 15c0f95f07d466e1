"""Long-running work (screening supplier lists) with progress, cancel and restart recovery."""
