"""Model files: a model as JSON (never pickle), written atomically, checked whole before use.

A model file is one JSON object::

    {"format": "gradtable-model", "version": 1, "kind": "MLP",
     "architecture": {...the constructor's arguments...},
     "weights": [[{"w": [...], "b": ...}, ...], ...]}

``weights`` is nested as the model is: ``weights[i][j]`` is ``layers[i].neurons[j]`` of
an MLP. A caller may add keys of its own next to these (the XOR trainer keeps its
settings under ``"gradtable-xor"``); ``read_model`` hands them back.

Every model class registers itself here by subclassing ``nn.Module``, so this file needs
nothing from the rest of ``nn``.
"""

import json
import math
import numbers
import os
import stat

from autograd.files import write_atomically

from . import checks

FORMAT = "gradtable-model"
VERSION = 1
KEYS = ("format", "version", "kind", "architecture", "weights")
"""The keys of every model file; any other key belongs to the program that wrote it."""

KINDS = {}
"""Class name -> model class, for ``load_model``; ``nn.Module`` subclasses register here."""

MAX_BYTES = 8 * 1024 * 1024
"""The largest model file read: ample for MAX_PARAMETERS numbers."""
MAX_PARAMETERS = checks.MAX_PARAMETERS
"""The most parameters a model file may describe (as a model may have); checked before
anything is built."""


class ModelFileError(ValueError):
    """A model file that is not valid JSON, not a gradtable model, or does not fit the model."""


def to_dict(model, extra=None):
    """The model as a JSON-ready dict, with ``extra`` keys (a dict) after the standard ones."""
    d = {
        "format": FORMAT,
        "version": VERSION,
        "kind": type(model).__name__,
        "architecture": model.architecture(),
        "weights": model.weights(),
    }
    for key, value in (extra or {}).items():
        if key in KEYS:
            raise ValueError(f"{key!r} is a key of the model file itself; name yours otherwise")
        d[key] = value
    return d


def write(path, model, extra=None):
    """Write ``model`` (and ``extra`` keys) to ``path`` as JSON, atomically; returns the path."""
    return write_atomically(path, dumps(to_dict(model, extra)))


def dumps(d):
    """JSON with one line per key, and one line per neuron inside "weights"."""
    lines = [
        f"  {json.dumps(key)}: "
        + (_dumps_weights(value, 1) if key == "weights" else json.dumps(value))
        for key, value in d.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _dumps_weights(x, depth):
    if isinstance(x, list) and x and isinstance(x[0], (list, dict)):
        pad = "  " * (depth + 1)
        inner = f",\n{pad}".join(_dumps_weights(item, depth + 1) for item in x)
        return f"[\n{pad}{inner}\n{'  ' * depth}]"
    return json.dumps(x)


def read(path):
    """The JSON object in the file at ``path``; clear errors for a missing, unreadable, too
    large or special file (a FIFO or a device is never opened: it could block or never end)."""
    name = repr(os.fspath(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"no model file at {name}: check the path, or save a model there first"
        ) from None
    except ValueError:  # os.stat refuses a NUL in a name
        raise FileNotFoundError(f"no model file at {name}: a name cannot hold NUL") from None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(f"{name} is a directory, not a model file")
    if not stat.S_ISREG(info.st_mode):
        raise ModelFileError(f"{name} is not a regular file, so not a model file")
    if info.st_size > MAX_BYTES:
        raise ModelFileError(
            f"{name} is {info.st_size} bytes, more than a model file's {MAX_BYTES}; "
            "it is not a gradtable model file"
        )
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    try:
        return loads(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        raise ModelFileError(f"{name} is not a gradtable model file (not UTF-8 text)") from None


def loads(text, source="model text"):
    """The JSON object in ``text``. An integer of more than 18 digits is read as a float (one
    of 5000 digits becomes inf): the checks of the weights then name it, as they name NaN."""
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise ModelFileError(
            f"{source} is not valid JSON ({error.msg}, line {error.lineno}); "
            "the file may be truncated or not a model file"
        ) from None
    except RecursionError:
        raise ModelFileError(
            f"{source} is not a gradtable model file (nested too deeply)"
        ) from None
    except ValueError as error:
        raise ModelFileError(f"{source} is not a gradtable model file ({error})") from None


def _integer(text):
    return int(text) if len(text) <= 18 else float(text)


def check_header(d, source):
    """Raise ModelFileError unless ``d`` carries this format's tag and version."""
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ModelFileError(
            f"{source} is not a gradtable model file (no \"format\": \"{FORMAT}\")"
        )
    version = d.get("version")
    if type(version) is not int or version != VERSION:  # true == 1, but is no version
        raise ModelFileError(
            f"{source} is model format version {d.get('version')!r}; "
            f"this gradtable reads version {VERSION}"
        )


def from_dict(d, source="model dict"):
    """A new model of the kind ``d`` names, built from its architecture and weights."""
    check_header(d, source)
    kind = d.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ModelFileError(
            f"{source} holds an unknown kind of model {d.get('kind')!r}; "
            f"expected one of {sorted(KINDS)}"
        )
    return cls.from_dict(d, source)


def load_model(path):
    """A new model (MLP, Layer, Neuron or Perceptron) built from the file at ``path``."""
    return from_dict(read(path), repr(os.fspath(path)))


def read_model(path):
    """(model, extra): the model in the file at ``path`` and the file's other keys, as a dict."""
    d = read(path)
    model = from_dict(d, repr(os.fspath(path)))
    return model, {key: value for key, value in d.items() if key not in KEYS}


def check_size(cls, arch, source):
    """Check, before anything is built, that the architecture has few enough parameters:
    a file of a few bytes may ask for ten million. Its weights are checked once it is."""
    try:
        count = cls.parameter_count(arch)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{source}: bad architecture: {error}") from None
    if count > MAX_PARAMETERS:
        raise ModelFileError(
            f"{source} describes a model of {count} parameters, more than {MAX_PARAMETERS}; "
            "it is too large for gradtable"
        )


def architecture_of(cls, d, source):
    """The architecture dict of ``d``, checked to have exactly the keys ``cls`` takes."""
    check_header(d, source)
    if d.get("kind") != cls.__name__:
        raise ModelFileError(f"{source} holds a {d.get('kind')!r}, not a {cls.__name__}")
    arch = d.get("architecture")
    if isinstance(arch, dict):  # keys a later version added, absent from older files
        arch = {**getattr(cls, "DEFAULTS", {}), **arch}
    expected = set(cls.ARCHITECTURE)
    if not isinstance(arch, dict) or set(arch) != expected:
        raise ModelFileError(
            f"{source}: 'architecture' must be an object with keys {sorted(expected)}"
        )
    return arch


def weights_for(model, d, source):
    """The parameter values in ``d`` as a flat list, once ``d`` is checked to fit ``model``.

    ``d`` must hold the same kind and architecture (the keys of ``model.PROVENANCE``, which
    only say how the weights were first drawn, may differ) and weights of the same shape.
    """
    check_header(d, source)
    kind = type(model).__name__
    if d.get("kind") != kind:
        raise ModelFileError(
            f"{source} holds a {d.get('kind')!r} but this model is a {kind}; "
            "load it with nn.load_model(path) instead"
        )
    arch = architecture_of(type(model), d, source)
    differences = [
        f"{key} is {arch.get(key)!r} in the file but {value!r} here"
        for key, value in model.architecture().items()
        if key not in model.PROVENANCE and arch.get(key) != value
    ]
    if differences:
        raise ModelFileError(
            f"{source} does not fit {model!r}: {'; '.join(differences)}. "
            "Build a matching model, or use nn.load_model(path) to get the saved one"
        )
    values = []
    _flatten_like(model.weights(), d.get("weights"), "weights", values, source)
    return values


def _flatten_like(expected, got, where, out, source):
    """Check that ``got`` has the shape of ``expected`` and append its numbers to ``out``."""
    # recursion here walks a JSON tree three levels deep, not a computation graph
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            found = f"{len(got)} entries" if isinstance(got, list) else type(got).__name__
            raise ModelFileError(
                f"{source}: {where} should be a list of {len(expected)}, found {found} "
                "(wrong number of weights for this architecture)"
            )
        for i, (e, g) in enumerate(zip(expected, got)):
            _flatten_like(e, g, f"{where}[{i}]", out, source)
    elif isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            raise ModelFileError(
                f"{source}: {where} should be an object with keys {sorted(expected)}"
            )
        for key in expected:
            _flatten_like(expected[key], got[key], f"{where}[{key!r}]", out, source)
    else:
        if isinstance(got, bool) or not isinstance(got, numbers.Real) or not math.isfinite(got):
            raise ModelFileError(f"{source}: {where} should be a finite number, found {got!r}")
        out.append(float(got))
