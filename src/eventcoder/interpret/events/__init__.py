"""PLOVER events: triggers, their source and target actors, modality, date and place."""

from .article_index import EventContext
from .coder import find_events

__all__ = ["EventContext", "find_events"]
