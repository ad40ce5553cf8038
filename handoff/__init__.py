"""Live counsellor handoff: the queue in Redis (this package), and later the console."""
