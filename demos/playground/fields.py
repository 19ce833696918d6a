"""Every value the page may send, as one table of fields.

A ``Field`` row holds a name, a kind (the JSON type and the values allowed), a default
and a help text. Validation, the "did you mean" for an unknown field and the table in
``docs/playground-api.md`` all come from these rows. A value that is not allowed is
refused with a message that names the field and what it takes. It is never clamped.

``CONFIG`` is the configuration, the fields that the page keeps in the URL hash. The
request bodies and queries of the endpoints use the other rows (``SESSION``, ``INDEX``, ...).
"""

import json
from dataclasses import dataclass

from .datasets import DATASETS, training_size
from .features import FEATURES
from .kinds import (
    Bound,
    Choice,
    FieldError,
    Flag,
    Number,
    Object,
    Sizes,
    Subset,
    Text,
    Whole,
    did_you_mean,
)

REQUIRED = object()
"""The default of a field that a request must give."""


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
    Field("batch_size", Whole(1, TRAINING_POINTS), 10,
          "left out of a change that makes the training set smaller, it becomes its size"),
    Field("optimizer", Choice(("sgd", "momentum", "adam"), {"momentum": "SGD with 0.9"}), "sgd"),
    Field("l2", Number(0, 1), 0, "the rate λ of λ Σ w² over the weights (not the biases)"),
)  # fmt: skip
"""The configuration: everything a user sets, and the page keeps in the URL hash."""

SESSION = Field("session", Text(64), REQUIRED, "the id that POST /api/session gave")
CONFIG_PATCH = Field("config", Object(), {}, "fields of the configuration to change")
FROM_DEFAULTS = Field(
    "from_defaults", Flag(), False,
    "change the default configuration rather than the current one, as opening a URL does",
)
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
    configuration: a bounded field comes after the fields its limit reads.

    A batch size that ``patch`` leaves alone follows the data: if the new training set is
    smaller, the batch size becomes its size, and the answer's configuration shows it.
    """
    _check_names(CONFIG, patch, "config")
    config = {**(defaults() if base is None else base), **patch}
    if "batch_size" not in patch:
        try:
            config["batch_size"] = min(config["batch_size"], _training_points(config))
        except (KeyError, TypeError, ValueError):
            pass  # a bad dataset, points or share: its own check says so below
    return {f.name: f.kind.check(f.name, config[f.name], config) for f in CONFIG}


def _check_names(fields, given, what):
    if not isinstance(given, dict):
        raise FieldError(f"{what} must be a JSON object, got {type(given).__name__}")
    names = [f.name for f in fields]
    for name in given:
        if name not in names:
            known = ", ".join(names) or "none"
            raise FieldError(
                f"unknown field {name!r} in {what}{did_you_mean(name, names)} (fields: {known})"
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
