"""An objective: the loss a training loop minimises, as a function of the parameters.

``build()`` makes the loss Value from the model's current parameters, or ``(loss,
outputs)`` to have the outputs' values after each forward pass too. With ``tape=True``
(the default) the graph is built once and traced (``autograd.trace``): every forward
pass then replays the tape, reading the parameters' current ``.data``, with no Value
built. With ``tape=False`` each forward pass builds the graph afresh, as a plain loop
would. Both give the same numbers bit for bit; the tape is several times faster.

A tape replays the shape ``build`` had when it was traced. That holds when ``build``
makes the same operations every time: choices inside ops (``max``, ``relu``) are fine,
but a Python ``if`` on a ``.data`` inside ``build`` is not; use ``tape=False`` there.
"""

from autograd import Value, trace


class Objective:
    """``forward()`` the loss, ``backward()`` its gradients, ``step(optimizer)`` all of a step."""

    def __init__(self, build, tape=True):
        self.build = build
        loss, outputs = self._built()
        self.loss, self.outputs = loss.data, [o.data for o in outputs]
        self.tape = trace(loss, watch=outputs) if tape else None
        self._graph = None if tape else (loss, outputs)  # the graph backward() will use

    def _built(self):
        made = self.build()
        loss, outputs = made if isinstance(made, tuple) else (made, [])
        if not isinstance(loss, Value):
            raise TypeError(f"build() must return a loss Value, got {type(loss).__name__}")
        return loss, list(outputs)

    def forward(self):
        """The loss at the current parameters, as a float; ``.outputs`` gets their values."""
        if self.tape is not None:
            self.loss = self.tape.run()
            self.outputs = self.tape.watched
        else:
            self._graph = None  # free the last graph now: building beside it costs GC time
            loss, outputs = self._graph = self._built()
            self.loss, self.outputs = loss.data, [o.data for o in outputs]
        return self.loss

    def backward(self):
        """Add the gradients of the last forward pass into the parameters' ``.grad``."""
        if self.tape is not None:
            self.tape.backward()
        else:
            self._graph[0].backward()

    def step(self, optimizer):
        """One training step: zero_grad, forward, backward, ``optimizer.step()``; the loss."""
        optimizer.zero_grad()
        loss = self.forward()
        self.backward()
        optimizer.step()
        return loss
