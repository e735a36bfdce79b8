"""Time expressions, normalised to TIMEX3 values against the publication date."""

from .expressions import find_times

__all__ = ["find_times"]
