"""The kinds of value a request field may take: each checks one JSON value, and says in
words what it allows (for messages and for the docs, where ``quote`` marks names as code).

A check returns the value (a list as a new list) or raises ``FieldError``, whose message
names the field and what it takes. Nothing is ever clamped into range.
"""

import math
import numbers
from dataclasses import dataclass
from typing import Callable

from demos._cli import closest


class FieldError(ValueError):
    """A request value that is not allowed; the message names the field and what is."""


def did_you_mean(word, names):
    """``"; did you mean 'NAME'?"`` for the name of ``names`` that ``word`` is like, or ``""``."""
    guess = closest(str(word), names)
    return f"; did you mean {guess!r}?" if guess else ""


def _is_whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)



@dataclass(frozen=True)
class Bound:
    """An upper limit that depends on the rest of the configuration."""

    text: str  # the limit in words, for messages and docs
    of: Callable  # config -> the limit


@dataclass(frozen=True)
class Whole:
    """A JSON integer from ``low`` to ``high`` (a number, or a ``Bound`` on the config)."""

    low: int
    high: object
    type = "int"

    def allowed(self, quote=str):
        high = self.high.text if isinstance(self.high, Bound) else self.high
        return f"{self.low} to {high}"

    def check(self, name, value, config):
        if not _is_whole(value):
            raise FieldError(f"{name}: must be a whole number, got {value!r}")
        high = self.high.of(config) if isinstance(self.high, Bound) else self.high
        if not self.low <= value <= high:
            limit = f" ({self.high.text})" if isinstance(self.high, Bound) else ""
            raise FieldError(f"{name}: must be from {self.low} to {high}{limit}, got {value}")
        return value

    @staticmethod
    def from_query(text):
        """A query's text as an int when it is one, else the text (refused by ``check``)."""
        digits = text[1:] if text[:1] == "-" else text
        return int(text) if digits.isascii() and digits.isdigit() and len(digits) < 20 else text


@dataclass(frozen=True)
class Number:
    """A finite JSON number greater than ``low`` (or at least, when ``low_included``) and at
    most ``high``."""

    low: float
    high: float
    low_included: bool = True
    type = "number"

    def allowed(self, quote=str):
        if self.low_included:
            return f"{self.low:g} to {self.high:g}"
        return f"greater than {self.low:g}, at most {self.high:g}"

    def check(self, name, value, config):
        if not _is_number(value) or not math.isfinite(value):
            raise FieldError(f"{name}: must be a number, got {value!r}")
        above = value >= self.low if self.low_included else value > self.low
        if not (above and value <= self.high):
            raise FieldError(f"{name}: must be {self.allowed()}, got {value!r}")
        return value


@dataclass(frozen=True)
class Choice:
    """One string of ``names``."""

    names: tuple
    notes: dict = None  # name -> a few words about it, for the docs
    type = "string"

    def allowed(self, quote=str):
        notes = self.notes or {}
        return ", ".join(
            quote(n) + (f" ({notes[n]})" if n in notes else "") for n in self.names
        )

    def check(self, name, value, config):
        names = ", ".join(self.names)
        if not isinstance(value, str):
            raise FieldError(f"{name}: must be a string, one of {names}; got {value!r}")
        if value not in self.names:
            raise FieldError(
                f"{name}: must be one of {names}; got {value!r}" + did_you_mean(value, self.names)
            )
        return value


@dataclass(frozen=True)
class Subset:
    """A non-empty list of distinct strings of ``names``, in the order of ``names``."""

    names: tuple
    type = "list of strings"

    def allowed(self, quote=str):
        return f"a non-empty subset of {quote(' '.join(self.names))}, in that order"

    def check(self, name, value, config):
        if not isinstance(value, list) or not value:
            raise FieldError(f"{name}: must be a non-empty list of strings, got {value!r}")
        for item in value:
            if not isinstance(item, str) or item not in self.names:
                hint = did_you_mean(item, self.names) if isinstance(item, str) else ""
                raise FieldError(
                    f"{name}: {item!r} is not one of {' '.join(self.names)}{hint}"
                )
        if value != [n for n in self.names if n in value]:
            raise FieldError(
                f"{name}: list each at most once, in the order {' '.join(self.names)}; "
                f"got {value!r}"
            )
        return list(value)


@dataclass(frozen=True)
class Sizes:
    """A list of up to ``most`` layer sizes, each from ``low`` to ``high``."""

    most: int
    low: int
    high: int
    type = "list of ints"

    def allowed(self, quote=str):
        return f"0 to {self.most} layers, each of {self.low} to {self.high} neurons"

    def check(self, name, value, config):
        if not isinstance(value, list):
            raise FieldError(f"{name}: must be a list of layer sizes such as [4, 2], got {value!r}")
        if len(value) > self.most:
            raise FieldError(f"{name}: at most {self.most} layers, got {len(value)}")
        for size in value:
            if not _is_whole(size) or not self.low <= size <= self.high:
                raise FieldError(
                    f"{name}: each layer has {self.low} to {self.high} neurons, got {size!r}"
                )
        return list(value)


@dataclass(frozen=True)
class Flag:
    """``true`` or ``false``."""

    type = "boolean"

    def allowed(self, quote=str):
        return f"{quote('true')} or {quote('false')}"

    def check(self, name, value, config):
        if not isinstance(value, bool):
            raise FieldError(f"{name}: must be true or false, got {value!r}")
        return value


@dataclass(frozen=True)
class Text:
    """A non-empty string of at most ``most`` characters."""

    most: int
    type = "string"

    def allowed(self, quote=str):
        return f"a string of 1 to {self.most} characters"

    def check(self, name, value, config):
        if not isinstance(value, str) or not 1 <= len(value) <= self.most:
            raise FieldError(f"{name}: must be {self.allowed()}, got {value!r}")
        return value


@dataclass(frozen=True)
class Object:
    """A JSON object (checked further by whoever takes it)."""

    type = "object"

    def allowed(self, quote=str):
        return "a JSON object"

    def check(self, name, value, config):
        if not isinstance(value, dict):
            raise FieldError(f"{name}: must be a JSON object, got {type(value).__name__}")
        return value
