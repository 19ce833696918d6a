"""The commands that train: ``step [N]`` and ``train [N]``.

The session trains and returns what happened; here the training view is hooked to it,
and the outcome is said in words: solved, stuck at the cap, stopped by Ctrl-C, or
stopped because the numbers blew up.
"""


from autograd.render import format_number

from . import views
from .settings import CommandError, whole_number

TRAIN_CAP = 5000  # `train` with no N stops here if XOR is not solved
MAX_EPOCHS = 100_000  # the largest N that `step N` / `train N` accept
_epochs = whole_number("N", 1, MAX_EPOCHS, f"a whole number of epochs from 1 to {MAX_EPOCHS}")


def step(console, args):
    """``step [N]``: N epochs (default 1); one epoch alone just says the new loss."""
    if len(args) > 1:
        raise CommandError("usage: step [N]")
    n = _epochs(args[0]) if args else 1
    _train(console, n, until_solved=False, report=n > 1)
    if n == 1:
        evaluation = console.session.evaluate()
        console.print(
            f"epoch {console.session.epochs}: loss {views.number(evaluation.loss)}, "
            f"accuracy {evaluation.accuracy}%"
        )


def train(console, args):
    """``train [N]``: N epochs, or without N until solved (at most TRAIN_CAP)."""
    if len(args) > 1:
        raise CommandError("usage: train [N]")
    if args:
        _train(console, _epochs(args[0]), until_solved=False, report=True)
    elif console.session.evaluate().correct == 4:
        console.print("already solved (accuracy 100%); `train N` trains N more epochs")
    else:
        _train(console, TRAIN_CAP, until_solved=True, report=True)


def _train(console, n, until_solved, report):
    """Train ``n`` epochs, with the training view if ``report``, and say how it ended."""
    session, start = console.session, console.session.epochs
    view = on_epoch = None
    if report:
        legend = views.boundary_legend(console.session.settings.threshold, console.color)
        view = views.TrainingView(
            console.out, n, until_solved, console.boundary_lines, legend, console.live,
            console.speed,
        )  # fmt: skip

        def on_epoch(epoch, loss, correct):
            view.update(epoch - start, epoch, loss, correct, session.history)

    result = session.train(n, on_epoch, until_solved)
    if view:
        evaluation = session.evaluate()  # the loss at the epoch training stopped at
        view.close(
            result.epochs, session.epochs, evaluation.loss, evaluation.correct, session.history
        )
    if result.interrupted:
        console.say(
            f"stopped by Ctrl-C after {result.epochs} epochs; "
            f"the model is kept (epoch {session.epochs})"
        )
    elif result.error:
        console.say(
            f"training stopped at epoch {session.epochs + 1}: {result.error}. The model is kept "
            f"as it was after epoch {session.epochs}; the learning rate "
            f"({format_number(session.settings.lr, 6)}) is probably too large: try `set lr 0.1` "
            "and `reset`."
        )
    elif report:
        _report(console, result, until_solved)


def _report(console, result, until_solved):
    session = console.session
    evaluation = session.evaluate()
    summary = f"loss {views.number(evaluation.loss)}, accuracy {evaluation.accuracy}%"
    if result.solved:
        console.say(f"solved after {result.epochs} epochs (epoch {session.epochs}): {summary}")
        if session.min_margin() < 0.2:
            console.say("  only just: some outputs are near the threshold; `train 200` makes it sure")
    elif until_solved:
        console.say(
            f"not solved: stopped at the cap of {TRAIN_CAP} epochs (epoch {session.epochs}), "
            f"{summary}. The net may be stuck: try `set seed N` with another N, more hidden "
            "units, or a larger lr."
        )
    else:
        console.say(f"trained {result.epochs} epochs (epoch {session.epochs}): {summary}")
