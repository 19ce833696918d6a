"""A model uploaded to the playground: an ``nn`` model file, with the playground's
configuration under the extra key ``"gradtable-playground"``.

Everything is checked before anything changes. The file's configuration, or the current
one if it has none, passes the same checks as the page's. Then the model must be the MLP
that configuration builds: its inputs, layers and activations.
"""

from nn import modelfile

from . import network
from .datasets import DATASETS
from .fields import FieldError, parse_config
from .trainer import FILE_TAG

SOURCE = "the uploaded file"


def read_upload(d, current):
    """``(config, model)`` from the uploaded model file ``d`` (a dict); ``current`` is the
    session's configuration. ModelFileError, saying what does not fit, and nothing made."""
    modelfile.check_header(d, SOURCE)
    extra = d.get(FILE_TAG, {})
    try:
        config = parse_config(extra, base=current)
    except FieldError as error:
        raise modelfile.ModelFileError(f"{SOURCE}'s {FILE_TAG!r} configuration: {error}") from None
    head = network.head(config, DATASETS[config["dataset"]].problem)
    expected = {
        "nin": len(config["features"]),
        "nouts": [*config["hidden"], 1],
        "activation": config["activation"],
        "output_activation": head.activation,
    }
    arch = d.get("architecture")
    found = {key: arch.get(key) for key in expected} if isinstance(arch, dict) else arch
    if found != expected:
        raise modelfile.ModelFileError(
            f"{SOURCE} holds a model with {_describe(found)}, but its configuration "
            f"builds one with {_describe(expected)}"
        )
    model = modelfile.from_dict(d, SOURCE)
    network.label_parameters(model)
    return config, model


def _describe(arch):
    if not isinstance(arch, dict):
        return f"no architecture ({arch!r})"
    return ", ".join(f"{key} {value!r}" for key, value in arch.items())
