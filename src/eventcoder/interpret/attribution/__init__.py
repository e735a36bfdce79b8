"""Statements, quotations, reported speech and the chain of sources behind each."""

from .statements import chain_at, find_hedges, find_statements

__all__ = ["chain_at", "find_hedges", "find_statements"]
