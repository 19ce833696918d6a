"""The trainer's files: a model saved with its settings, and the targets of graph and plot.

A saved trainer is an ``nn`` model file (``nn.modelfile``) with the trainer's own settings
under the extra key ``"gradtable-xor"``, so ``nn.load_model`` reads it as well, and the
trainer reads any MLP file that ``nn`` writes. Reading checks everything before the model
changes: a file that does not fit leaves the model as it was.
"""

from demos._cli import target_problem
from nn import modelfile

from .settings import (
    INIT_NAMES,
    KEYS,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    CommandError,
    Settings,
    fitting_loss,
    loss_problem,
)

FILE_TAG = "gradtable-xor"  # the extra key under which the trainer keeps its settings
QUOTE_HINT = "; put a name with spaces in double quotes"  # for the usage lines of file commands


def check_target(path, suffix=""):
    """CommandError unless a file ending in ``suffix`` can be written at ``path``: a new name
    or a regular file, in a folder that exists (a FIFO or a device is never replaced)."""
    problem = target_problem(path, (suffix,) if suffix else ())
    if problem:
        raise CommandError(problem)


def save(path, model, settings, epochs):
    """Write ``model`` with ``settings`` and the epoch count to ``path`` (atomically)."""
    check_target(path)
    s = settings
    extra = {
        "loss": s.loss, "optimizer": s.optimizer, "lr": s.lr, "batch": s.batch,
        "epochs": epochs, "seed": s.seed, "init": s.init,
    }  # fmt: skip
    try:
        modelfile.write(path, model, extra={FILE_TAG: extra})
    except OSError as error:
        raise CommandError(f"could not write {path!r}: {error.strerror or error}") from None


def load(path, current):
    """(settings, model, epochs) from the file at ``path``; what the file does not say is
    taken from the ``current`` settings. CommandError, naming the problem, if it does not fit."""
    unchanged = "; the model is unchanged"
    try:
        d = modelfile.read(path)
        modelfile.check_header(d, repr(path))
        _check_layers(d, f"{path!r} is not a saved XOR model")
        model = modelfile.from_dict(d, repr(path))
    except (CommandError, modelfile.ModelFileError, FileNotFoundError, IsADirectoryError) as error:
        raise CommandError(f"{error}{unchanged}") from None
    except OSError as error:
        raise CommandError(f"cannot read {path!r}: {error.strerror or error}{unchanged}") from None
    extra = d.get(FILE_TAG)
    extra = extra if isinstance(extra, dict) else {}
    try:
        settings = _settings(model, extra, current)
    except CommandError as error:
        raise CommandError(f"{path!r} is not a saved XOR model: {error}{unchanged}") from None
    epochs = extra.get("epochs")
    return settings, model, epochs if _is_count(epochs) else 0


def _check_layers(d, bad):
    """CommandError unless the file's MLP has 2 inputs, 1 output and layers the trainer
    allows; checked before building, so a huge layer in a file cannot stall the trainer."""
    if d.get("kind") != "MLP":
        raise CommandError(f"{bad}: it holds a {d.get('kind')!r}; the trainer trains an MLP")
    arch = d.get("architecture")
    if not isinstance(arch, dict):
        return  # building the model says what is wrong
    nin, nouts = arch.get("nin"), arch.get("nouts")
    if nin != 2 or not isinstance(nouts, list) or not nouts or nouts[-1] != 1:
        raise CommandError(
            f"{bad}: it has {nin!r} inputs and layers {nouts!r}; XOR needs 2 inputs and 1 output"
        )
    if not 2 <= len(nouts) <= MAX_HIDDEN_LAYERS + 1 or not all(
        _is_count(n) and 1 <= n <= MAX_UNITS for n in nouts
    ):
        raise CommandError(
            f"{bad}: layer sizes {nouts} (allowed: 1 to {MAX_HIDDEN_LAYERS} hidden layers of "
            f"1 to {MAX_UNITS} units, then 1 output)"
        )


def _settings(model, extra, current):
    """The Settings of a loaded ``model``, with the trainer's ``extra`` keys from its file.

    The loss, optimizer, lr and batch pass the same checks as ``set``; a loss that cannot train
    the model's output gives way to one that can."""

    def from_file(key):
        return KEYS[key].parse(str(extra.get(key, getattr(current, key))))

    loss = from_file("loss")
    if loss_problem(loss, model.output_activation):
        loss = fitting_loss(model.output_activation)
    return Settings(
        hidden=tuple(model.nouts[:-1]), activation=model.activation,
        output=model.output_activation, loss=loss, optimizer=from_file("optimizer"),
        lr=from_file("lr"), batch=from_file("batch"),
        init=model.init if model.init in INIT_NAMES else current.init,
        seed=model.seed if _is_count(model.seed) else current.seed,
    )  # fmt: skip


def _is_count(x):
    """A whole number, 0 or more, as JSON gives one (not a bool)."""
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0
