"""Errors raised or yielded by the readers: they always name the input and the problem."""

from __future__ import annotations

from dataclasses import dataclass


class ReadError(Exception):
    """An input that could not be read. Other inputs in the same run carry on."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


@dataclass(frozen=True)
class Problem:
    """What a reader yields instead of an article when one input (or one record) fails."""

    origin: str
    problem: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.problem}"
