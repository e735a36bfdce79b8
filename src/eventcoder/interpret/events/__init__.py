"""PLOVER events: triggers, their source and target actors, modality, date and place."""

from .coder import EventContext, find_events

__all__ = ["EventContext", "find_events"]
