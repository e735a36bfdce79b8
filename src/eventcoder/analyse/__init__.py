"""Analyse: dyad time series (source -> target), change detection, evidence."""
