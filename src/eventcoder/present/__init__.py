"""Serve: presenting stored events, timelines and shifts (terminal, JSON, CSV)."""
