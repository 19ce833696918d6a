"""Every value the page may send, as one table of fields.

A ``Field`` row holds a name, a kind (the JSON type and the values allowed), a default
and a help text. Validation, the "did you mean" for an unknown field and the table in
``docs/playground-api.md`` all come from these rows. A value that is not allowed is
refused with a message that names the field and what it takes. It is never clamped.

``CONFIG`` is the configuration, the fields that the page keeps in the URL hash. The
request bodies and queries of the endpoints use the other rows (``SESSION``, ``INDEX``, ...).
"""

import difflib
import json
import math
import numbers
from dataclasses import dataclass
from typing import Callable

from .datasets import DATASETS, training_size
from .features import FEATURES


class FieldError(ValueError):
    """A request value that is not allowed; the message names the field and what is."""


REQUIRED = object()
"""The default of a field that a request must give."""


def closest(word, names):
    """``"; did you mean NAME?"`` for the name in ``names`` that ``word`` looks like, or ``""``."""
    close = difflib.get_close_matches(str(word), list(names), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _is_whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


# -- kinds: each checks one JSON value and says in words what it allows ---------------------


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
                f"{name}: must be one of {names}; got {value!r}" + closest(value, self.names)
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
                hint = closest(item, self.names) if isinstance(item, str) else ""
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


# -- the rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One value a request may carry: its name, kind, default and help."""

    name: str
    kind: object
    default: object
    help: str = ""

    def allowed(self, quote=str):
        """What the field takes, in words; ``quote`` marks names (the docs: as code)."""
        return self.kind.allowed(quote) + (f": {self.help}" if self.help else "")


def _training_points(config):
    return training_size(config["dataset"], config["points"], config["train_percent"])


TRAINING_POINTS = Bound("the number of training points", _training_points)
LAST_SAMPLE = Bound("the number of training points - 1", lambda c: _training_points(c) - 1)

_REGRESSION = [d.name for d in DATASETS.values() if d.problem == "regression"]

CONFIG = (
    Field("dataset", Choice(tuple(DATASETS), {d.name: d.help for d in DATASETS.values()}),
          "circle", f"{' and '.join(_REGRESSION)} are regression, the others classification"),
    Field("noise", Whole(0, 50), 0, "percent"),
    Field("train_percent", Whole(10, 90), 50, "the share of the points used for training"),
    Field("points", Whole(10, 1000), 200, "xor-points always has its 4, training and test alike"),
    Field("seed", Whole(0, 2**32 - 1), 0, "the data and the initial weights"),
    Field("features", Subset(tuple(FEATURES)), ["x1", "x2"]),
    Field("hidden", Sizes(6, 1, 8), [4, 2]),
    Field("activation", Choice(("tanh", "relu", "sigmoid", "linear")), "tanh",
          "of the hidden layers"),
    Field("output", Choice(("sigmoid", "tanh"), {"sigmoid": "cross-entropy",
                                                 "tanh": "squared error, labels ±1"}),
          "sigmoid", "for classification (tanh as TensorFlow Playground has it); regression "
          "always has a linear output and squared error, and takes either here"),
    Field("learning_rate", Number(0, 10, low_included=False), 0.03),
    Field("batch_size", Whole(1, TRAINING_POINTS), 10),
    Field("optimizer", Choice(("sgd", "momentum", "adam"), {"momentum": "SGD with 0.9"}), "sgd"),
    Field("l2", Number(0, 1), 0, "the rate λ of λ Σ w² over the weights (not the biases)"),
)  # fmt: skip
"""The configuration: everything a user sets, and the page keeps in the URL hash."""

SESSION = Field("session", Text(64), REQUIRED, "the id that POST /api/session gave")
CONFIG_PATCH = Field("config", Object(), {}, "fields of the configuration to change")
PLAYING = Field("playing", Flag(), REQUIRED)
INDEX = Field("index", Whole(0, LAST_SAMPLE), REQUIRED, "a training point")
MODEL = Field("model", Object(), REQUIRED, "a model file, as GET /api/model gives it")
HISTORY_FROM = Field("history_from", Whole(0, 2**53), 0, "the first epoch of history to send")
HEATMAPS = Field("heatmaps", Whole(-1, 2**53), -1, "the version of the heat maps the page has")


def defaults():
    """The default configuration, as a new dict."""
    return {f.name: list(f.default) if isinstance(f.default, list) else f.default for f in CONFIG}


def parse(fields, given, what, config=None):
    """``given`` (a dict) checked against ``fields``: a dict of every field's value, defaults
    filled in. ``what`` names the object in messages; ``config`` is the configuration that
    bounded fields are checked against. FieldError on anything not allowed."""
    _check_names(fields, given, what)
    values = {}
    for f in fields:
        if f.name in given:
            values[f.name] = f.kind.check(f.name, given[f.name], config)
        elif f.default is REQUIRED:
            raise FieldError(f"{f.name}: missing from {what} ({f.allowed()})")
        else:
            values[f.name] = list(f.default) if isinstance(f.default, list) else f.default
    return values


def parse_config(patch, base=None):
    """The configuration ``base`` (by default, the defaults) with the fields of ``patch``
    changed, as a new dict. Every field is checked, in the table's order, against the new
    configuration: a bounded field comes after the fields its limit reads."""
    _check_names(CONFIG, patch, "config")
    config = {**(defaults() if base is None else base), **patch}
    return {f.name: f.kind.check(f.name, config[f.name], config) for f in CONFIG}


def _check_names(fields, given, what):
    if not isinstance(given, dict):
        raise FieldError(f"{what} must be a JSON object, got {type(given).__name__}")
    names = [f.name for f in fields]
    for name in given:
        if name not in names:
            known = ", ".join(names) or "none"
            raise FieldError(
                f"unknown field {name!r} in {what}{closest(name, names)} (fields: {known})"
            )


def _code(text):
    return f"`{text}`"


def markdown_table(fields):
    """The fields as the Markdown table of ``docs/playground-api.md``."""
    lines = ["| field | type | default | allowed |", "| --- | --- | --- | --- |"]
    for f in fields:
        default = "required" if f.default is REQUIRED else f"`{json.dumps(f.default)}`"
        lines.append(f"| `{f.name}` | {f.kind.type} | {default} | {f.allowed(_code)} |")
    return "\n".join(lines)
