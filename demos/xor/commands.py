"""The trainer's commands: one table with a row per command, and the dispatcher.

A row of ``COMMANDS`` holds a command's name, its aliases, its usage and help as ``help``
lists them, and the function that runs it, ``run(console, args)``. ``help`` and "did you
mean" read the table, so a new command is one function and one row.

``run_command(console, line)`` runs a line of commands. A command that fails prints one
line saying what is allowed, and the model, the optimizer's state and the settings are
put back exactly as they were before it started.
"""

import os
import shlex
from dataclasses import dataclass
from typing import Callable

from autograd.render import MAX_NODES, format_number

from . import files, lessons, pictures, training, views
from .settings import CommandError, closest, find_key, key_lines

MAX_LINE = 10_000
"""The longest line of commands the trainer reads: far more than anyone types or scripts."""


def run_command(console, line):
    """Run one line of commands separated by ';', up to a ``quit``. Never raises."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept as surrogates by the reader
        console.print("that line is not UTF-8 text, so not a command (type help for the list)")
        return
    line = line.removeprefix("\ufeff")  # the byte-order mark an editor may put first in a file
    if len(line) > MAX_LINE:
        console.print(f"that line has {len(line)} characters, more than any command line "
                      f"(at most {MAX_LINE}), so nothing in it was run")  # fmt: skip
        return
    try:
        commands = split_commands(line)
    except ValueError:
        console.print('that line has a " that is not closed, so nothing in it was run')
        return
    for words in commands:
        if not words:
            continue
        command = find_command(words[0])
        if command is None:
            guess = closest(words[0].lower(), COMMANDS, cutoff=0.5)
            hint = f"; did you mean `{guess}`?" if guess else ""
            console.print(f"unknown command {words[0]!r}{hint} (type help for the list)")
            continue
        _run(console, command, words[1:])
        if console.quit_requested:
            return


def split_commands(line):
    """The commands of a line, each a list of its words. ``;`` ends a command; double quotes
    keep a file name with spaces (or a ``;``) whole, as in ``save "my model.json"``; an
    apostrophe and a backslash are just characters (``it's.json``, Windows paths); a
    leading ``~`` is the home folder. ValueError for a double quote that is not closed."""
    if '"' not in line:  # the usual case, at str.split's speed
        commands = [part.split() for part in line.split(";")]
    else:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";")
        lexer.whitespace_split, lexer.escape, lexer.commenters, lexer.quotes = True, "", "", '"'
        commands = [[]]
        for token in lexer:
            if set(token) == {";"}:  # one or more ';' outside quotes
                commands.append([])
            else:
                commands[-1].append(token)
    home = os.path.expanduser
    return [[home(word) if word.startswith("~") else word for word in words] for words in commands]


def readable(text):
    """``text`` with any byte that was not UTF-8 shown as �, so that it can be printed."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _run(console, command, args):
    snap = console.session.snapshot()
    try:
        command.run(console, args)
    except CommandError as error:
        console.session.restore(snap)
        console.say(f"{command.name}: {error}")
    except KeyboardInterrupt:
        console.session.restore(snap)
        console.print(f"{command.name}: interrupted; the model is as it was")
    except Exception as error:  # a bug must not lose the student's model
        console.session.restore(snap)
        console.say(
            f"{command.name}: unexpected {type(error).__name__}: {error}. "
            "The model is as it was; please report this.",
        )


def _no_args(args):
    if args:
        raise CommandError(f"takes no arguments, got {' '.join(args)!r}")


# -- the commands ----------------------------------------------------------------------------


def _help(console, args):
    column = max(len(command.usage) for command in COMMANDS.values()) + 2
    console.print("commands:")
    for command in COMMANDS.values():
        console.print(
            *views.wrapped(command.help, f"  {command.usage:<{column}}", width=console.width)
        )
    console.print(
        *views.wrapped(
            f"An epoch is one step on all four points (with `set batch online`, one step per "
            f"point). The loss at epoch N is the mean loss on the four points of the model "
            f"after N epochs. {_class_rule(console.session.settings)}"
        ),
        "Try: train, show, perceptron, preset goodfellow; and a net that gets stuck:",
        "set seed 3, set hidden 2, train (then `set seed 0` solves it).",
    )


def _class_rule(settings):
    if settings.threshold == 0:
        return (
            f"Class 1 means output > 0: with loss {settings.loss} the sign of the output decides."
        )
    return "Class 1 means output > 0.5: the output aims at 0 or 1."


def _show(console, args):
    _no_args(args)
    threshold = console.session.settings.threshold
    console.print(
        *console.model_lines(),
        *console.table_lines(),
        f"class 1 where output > {format_number(threshold)}",
        *console.boundary_lines(),
        *views.boundary_legend(threshold, console.color),
    )


def _weights(console, args):
    _no_args(args)
    session, s = console.session, console.session.settings
    console.print(
        f"weights after {session.epochs} epochs:",
        *views.weight_lines(session.model.weights(), s.activation, s.output, console.width),
    )


def _grads(console, args):
    _no_args(args)
    session, s = console.session, console.session.settings
    if all(p.grad == 0 for p in session.model.parameters()):
        console.print("all gradients are 0: `step` computes them (or the model is at a flat spot)")
    console.print(
        f"d loss / d parameter, from the last step (epoch {session.epochs}):",
        *views.weight_lines(session.gradients(), s.activation, s.output, console.width),
    )


def _set(console, args):
    session = console.session
    if not args:
        tape = "on" if session.tape else "off"
        current = {**vars(session.settings), "speed": console.speed, "tape": tape}
        console.print(*key_lines(current, console.width))
        return
    key = find_key(args[0])
    if len(args) != 2:
        raise CommandError(f"usage: set {key.name} VALUE ({key.summary})")
    value = key.parse(args[1])
    if key.name == "speed":  # the live view's, not the model's
        console.speed = value
        console.print(
            f"speed = {value} epochs per second in the live view" if value else "speed = no limit"
        )
        return
    if key.name == "tape":  # how the session computes, not what it trains
        session.tape = value == "on"
        console.print(
            "tape = on: each epoch replays the graph traced once" if session.tape
            else "tape = off: each epoch builds its graph from Values"
        )
        return
    replaced_loss = session.change(key.name, value)
    s = session.settings
    if key.reinitialises:
        console.say(f"{key.name} = {args[1]}: re-initialised {session.model!r}")
        console.print(f"  seed {s.seed}, training starts over")
        if replaced_loss:
            console.say(
                f"  loss {replaced_loss} does not fit output {s.output}, so loss = {s.loss}"
            )
    elif key.name == "lr":
        console.print(f"lr = {format_number(s.lr, 6)} (weights kept)")
    elif key.name == "loss":
        console.print(
            f"loss = {s.loss} (weights kept); class 1 where output > {format_number(s.threshold)}"
        )
    elif key.name == "batch":
        console.print(
            "batch = online: one step per point, in seed 003's order (weights kept)"
            if s.batch == "online"
            else "batch = full: one step per epoch on all four points (weights kept)"
        )
    else:
        console.print(
            f"optimizer = {s.optimizer} with lr {format_number(s.lr, 6)} "
            "(weights kept, fresh optimizer state)"
        )


def _reset(console, args):
    _no_args(args)
    session = console.session
    session.reset()
    console.print(
        f"back to the start of {session.model!r} (epoch {session.epochs}):",
        "  the weights the last preset, load or seed set up; `set seed N` for others",
    )


def _perceptron(console, args):
    _no_args(args)
    console.print(*lessons.perceptron_lesson())


def _preset(console, args):
    preset = lessons.PRESETS.get(args[0].lower()) if len(args) == 1 else None
    if preset is None:
        names = "; ".join(f"{p.name}: {p.summary}" for p in lessons.PRESETS.values())
        got = f" got {' '.join(args)!r}." if args else ""
        guess = closest(args[0].lower(), lessons.PRESETS) if args else None
        hint = f" Did you mean {guess}?" if guess else ""
        raise CommandError(f"usage: preset NAME.{got}{hint} Presets: {names}")
    console.print(*lessons.load_preset(console.session, preset), *console.table_lines())


def _save(console, args):
    if len(args) != 1:
        raise CommandError(f"usage: save FILE (JSON){files.QUOTE_HINT}")
    session = console.session
    files.save(args[0], session.model, session.settings, session.epochs)
    console.print(f"saved to {args[0]}:", f"  {session.model!r}, epoch {session.epochs}")


def _load(console, args):
    if len(args) != 1:
        raise CommandError(f"usage: load FILE{files.QUOTE_HINT}")
    settings, model, epochs = files.load(args[0], console.session.settings)
    console.session.rebuild(settings, model, epochs)
    console.print(
        f"loaded {args[0]}:", f"  {model!r}, epoch {epochs}", f"settings  {settings.describe()}"
    )


def _quit(console, args):
    console.quit_requested = True


# -- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One command: ``usage`` and ``help`` as ``help`` lists them; ``run(console, args)``."""

    name: str
    aliases: tuple
    usage: str
    run: Callable
    help: str


_ROWS = [
    #       name          aliases        usage                     runs
    #       help
    Command("help",       ("?", "h"),    "help",                   _help,
            "list the commands"),
    Command("step",       (),            "step [N]",               training.step,
            "train N epochs (default 1)"),
    Command("train",      (),            "train [N]",              training.train,
            f"train N epochs, or until solved (100% right, at most {training.TRAIN_CAP}); "
            "Ctrl-C stops it and keeps the model"),
    Command("show",       (),            "show",                   _show,
            "truth table, loss, accuracy and the decision boundary"),
    Command("weights",    (),            "weights",                _weights,
            "weights and bias of every neuron"),
    Command("grads",      (),            "grads",                  _grads,
            "their gradients from the last step"),
    Command("set",        (),            "set KEY VALUE",          _set,
            "change a setting; `set` alone lists keys and values"),
    Command("reset",      (),            "reset",                  _reset,
            "back to the start: the weights of the last preset, load or seed"),
    Command("graph",      (),            "graph FILE.svg [X1 X2]", pictures.graph,
            "draw one point's loss graph with its gradients (default 1 1); over "
            f"{MAX_NODES} nodes only with `all` at the end"),
    Command("plot",       (),            "plot FILE.png",          pictures.plot,
            "loss curve and decision boundary as a picture"),
    Command("perceptron", (),            "perceptron",             _perceptron,
            "Rosenblatt's perceptron on AND, OR and XOR: it cannot learn XOR"),
    Command("preset",     (),            "preset NAME",            _preset,
            "load a preset: " + ", ".join(lessons.PRESETS)),
    Command("save",       (),            "save FILE",              _save,
            "save model and settings as JSON"),
    Command("load",       (),            "load FILE",              _load,
            "load a model saved by `save` (or by nn's Module.save)"),
    Command("quit",       ("exit", "q"), "quit",                   _quit,
            "leave (so do Ctrl-D and the end of piped input)"),
]  # fmt: skip

COMMANDS = {command.name: command for command in _ROWS}
"""Every command by name, in the order ``help`` lists them."""


def find_command(word):
    """The command named ``word`` (any case) or one of its aliases, or None."""
    word = word.lower()
    return next((c for c in COMMANDS.values() if word == c.name or word in c.aliases), None)
