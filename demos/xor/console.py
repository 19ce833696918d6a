"""The trainer at a text console: a session, the stream it writes to, and how it looks.

The commands receive a ``Console``; it prints, and turns the session's numbers into the
lines that several commands share (the model, the truth table, the boundary grid).
"""

import shutil

from . import views
from .session import Session


class Console:
    """A session with an output stream. ``color``: ANSI colours in the boundary grid;
    ``live``: training redraws the grid in place; ``speed``: epochs per second while it does.
    """

    def __init__(self, out, settings=None, color=False, live=False, tape=True):
        self.session = Session(settings, tape)
        self.out, self.color, self.live = out, color, live
        self.speed = views.LIVE_SPEED
        self.quit_requested = False

    def print(self, *lines):
        """Write ``lines``, each ending in a newline, and flush."""
        for line in lines:
            self.out.write(line + "\n")
        self.out.flush()

    @property
    def width(self):
        """How wide a line may be: 80 columns, or the terminal's width if it is narrower."""
        if not self.out.isatty():
            return views.WIDTH
        return min(views.WIDTH, shutil.get_terminal_size().columns - 1)

    def say(self, message):
        """Print one message in lines that fit ``width``, the later ones indented."""
        self.print(*views.wrapped(message, rest="  ", width=self.width))

    def banner(self):
        """What the trainer prints at start: the model, the settings, the truth table."""
        self.print(
            "gradtable XOR trainer: type help for the commands, quit to leave",
            *self.model_lines(),
            *self.table_lines(),
        )

    def model_lines(self):
        """The model and its settings."""
        session = self.session
        return [f"model     {session.model!r}", f"settings  {session.settings.describe()}"]

    def table_lines(self):
        """The truth table, then the loss and the accuracy."""
        session, s = self.session, self.session.settings
        evaluation = session.evaluate()
        rows = [
            (x[0], x[1], y, out, int(out > s.threshold))
            for x, y, out in zip(session.X, session.Y, evaluation.outputs)
        ]
        return views.truth_table(rows) + [
            f"loss {views.number(evaluation.loss)} ({s.loss}), epoch {session.epochs}",
            f"accuracy {evaluation.accuracy}%",
        ]

    def boundary_lines(self, cols=views.GRID_COLS, rows=views.GRID_ROWS):
        """The decision boundary of the model as it is now, as a character grid."""
        session, s = self.session, self.session.settings
        outputs = session.output_grid(*views.grid_coords(cols, rows))
        return views.boundary_grid(outputs, s.threshold, s.confident, session.Y, self.color)
