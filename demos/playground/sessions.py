"""Sessions: one per browser tab, each with its own run, lock and training thread, kept in a
bounded registry.

A ``Session`` holds a ``Trainer`` and everything the page asks of it: frames, play and
pause, the selected sample. Every change happens under the session's lock. While playing,
one daemon thread trains at most ``EPOCHS_PER_SECOND`` epochs a second, so a lecture can
watch the network learn. The thread stops when the session is paused, reset,
reconfigured or expired.

The ``Registry`` holds at most ``CAPACITY`` sessions. A session expires after
``IDLE_LIMIT`` seconds without a request. When the registry is full, the least recently
used session that is not playing makes way; if every session is playing, there is no room.
"""

import secrets
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from . import files, network, samples
from .fields import FieldError
from .heatmaps import heatmaps
from .trainer import Trainer

CAPACITY = 64
IDLE_LIMIT = 15 * 60  # seconds
EPOCHS_PER_SECOND = 60  # while playing: about one epoch per frame the page draws
HEATMAP_INTERVAL = 0.2  # seconds: heat maps are recomputed at most five times a second
_BREATH = 0.001  # seconds the training thread waits at least, so requests get the lock


class UnknownSession(LookupError):
    """No session has this id (it may have expired)."""


class Full(RuntimeError):
    """Every place in the registry holds a session that is playing."""


class Unworkable(RuntimeError):
    """The selected sample's graph cannot be computed at the current weights (they have
    grown so large that an op or a derivative overflows)."""


_ENGINE_ERRORS = (ArithmeticError, ValueError)  # what the engine raises for such numbers


class Session:
    """One tab's run: a Trainer, whether it plays, and the selected sample."""

    def __init__(self, id, trainer, clock=time.monotonic, idle_limit=IDLE_LIMIT):
        self.id, self.trainer = id, trainer
        self.lock = threading.Lock()
        self._clock, self._idle_limit = clock, idle_limit
        self.last_used = clock()
        self.playing = False
        self.sample = None  # the index of the selected training point
        self._stop = None  # set to stop the running training thread
        self._heatmaps, self._heatmaps_due = None, 0.0
        self._numbers = None  # (version, index, values, neurons) of the selected sample

    def touch(self):
        """Mark the session as used now."""
        self.last_used = self._clock()

    def expired(self):
        """Whether the session has gone ``idle_limit`` seconds without a request."""
        return self._clock() - self.last_used > self._idle_limit

    # -- playing --------------------------------------------------------------------------

    def play(self, playing):
        """Start or pause training; the frame."""
        with self.lock:
            if playing:
                self.trainer.error = None
                self._start()
            else:
                self._pause()
            return self._frame()

    def stop(self):
        """Pause (for expiry and eviction)."""
        with self.lock:
            self._pause()

    def _start(self):
        if self.playing:
            return
        self.playing = True
        self._stop = stop = threading.Event()
        name = f"gradtable playground training {self.id}"
        threading.Thread(target=self._train, args=(stop,), name=name, daemon=True).start()

    def _pause(self):
        self.playing = False
        if self._stop is not None:
            self._stop.set()
            self._stop = None

    def _train(self, stop):
        """The training thread: an epoch at a time, at most EPOCHS_PER_SECOND a second."""
        period = 1.0 / EPOCHS_PER_SECOND
        due = time.monotonic()
        while True:
            with self.lock:
                if stop.is_set():
                    return
                if self.expired() or not self.trainer.step_epoch():
                    self._pause()
                    return
            due += period
            now = time.monotonic()
            if due < now:  # behind: go on from now rather than rush to catch up
                due = now
            stop.wait(max(due - now, _BREATH))

    # -- commands -------------------------------------------------------------------------

    def step(self):
        """Pause, train one epoch now; the frame."""
        with self.lock:
            self._pause()
            self.trainer.error = None
            self.trainer.step_epoch()
            return self._frame()

    def reset(self):
        """Pause and go back to epoch 0 with the seed's weights; the frame."""
        with self.lock:
            self._pause()
            self.trainer.reset()
            self._heatmaps = None
            return self._frame()

    def configure(self, config, model=None):
        """Pause and start again at epoch 0 with ``config`` (checked) and ``model``, if given;
        the selection is cleared. ``{"config", "data", "frame"}``. If the trainer refuses
        them, nothing changes: not even playing (the lock keeps the thread out meanwhile)."""
        with self.lock:
            self.trainer.configure(config, model)
            self._pause()
            self.sample, self._heatmaps = None, None
            return self._state()

    def state(self):
        """``{"config", "data", "frame"}``: all a page needs to start drawing."""
        with self.lock:
            return self._state()

    def _state(self):
        return {"config": self.trainer.config, "data": self._data(), "frame": self._frame()}

    def load(self, model_file):
        """Install an uploaded model file (checked whole first: a bad one changes nothing)."""
        with self.lock:
            config, model = files.read_upload(model_file, self.trainer.config)
        try:
            return self.configure(config, model)
        except FieldError:
            raise
        except _ENGINE_ERRORS as error:  # its weights are so large that the loss overflows
            raise FieldError(
                f"model: its loss cannot be computed ({error}); nothing was changed"
            ) from None

    def model_file(self):
        """The model as an ``nn`` model file, with the configuration."""
        with self.lock:
            return self.trainer.model_file()

    def frame(self, history_from=0, heatmaps_version=-1):
        """The frame: the history from epoch ``history_from`` on, and heat maps unless the
        page has ``heatmaps_version``."""
        with self.lock:
            return self._frame(history_from, heatmaps_version)

    def _frame(self, history_from=0, heatmaps_version=-1):
        t = self.trainer
        frame = {
            "epoch": t.epoch,
            "playing": self.playing,
            "error": t.error,
            "loss": {"train": t.loss[0], "test": t.loss[1]},
            "history": t.history_since(history_from),
            "network": t.network(),
        }
        maps = self._current_heatmaps()
        if maps["version"] != heatmaps_version:
            frame["heatmaps"] = maps
        if self.sample is not None:
            try:
                _, index, values, neurons = self._sample_numbers()
                frame["sample"] = {"index": index, "values": values, "neurons": neurons}
            except Unworkable as error:  # the frame still comes, with training's error too
                frame["sample"] = {"index": self.sample, "values": None, "neurons": None,
                                   "error": str(error)}  # fmt: skip
        return frame

    def _data(self):
        data = self.trainer.data
        return {"train": [list(p) for p in data.train], "test": [list(p) for p in data.test],
                "problem": data.problem}  # fmt: skip

    def _current_heatmaps(self):
        """The heat maps, recomputed when the weights have changed, at most every
        HEATMAP_INTERVAL seconds, and never more than a fifth of the time (a big network)."""
        t, now = self.trainer, time.monotonic()
        stale = self._heatmaps is None or self._heatmaps["version"] != t.version
        if stale and (self._heatmaps is None or now >= self._heatmaps_due):
            self._heatmaps = heatmaps(t.model, t.config["features"], t.head, t.version)
            cost = time.monotonic() - now
            self._heatmaps_due = now + max(HEATMAP_INTERVAL, 5 * cost)
        return self._heatmaps

    # -- the selected sample --------------------------------------------------------------

    def _sample_graph(self, model):
        t = self.trainer
        row, target, _ = t.sample(self.sample)
        with _workable(self.sample):
            return samples.loss_graph(model, t.config["features"], row, target, t.head)

    def _sample_numbers(self):
        key = (self.trainer.version, self.sample)
        if self._numbers is None or self._numbers[:2] != key:
            graph = self._sample_graph(self.trainer.model)
            with _workable(self.sample):
                self._numbers = key + samples.numbers(*graph)
        return self._numbers

    def _copied_sample(self):
        """(loss graph on a copy of the model, the copy, the index): to draw or probe
        outside the lock while training goes on."""
        if self.sample is None:
            raise FieldError("no sample is selected: select a training point first")
        model = network.copy_model(self.trainer.model)
        loss, _ = self._sample_graph(model)
        return loss, model, self.sample

    def select(self, index):
        """Select training point ``index`` (checked); ``{"sample"}`` with its drawing."""
        with self.lock:
            selected, self.sample = self.sample, index
            try:
                _, _, values, neurons = self._sample_numbers()
                loss, _, _ = self._copied_sample()
            except Unworkable:
                self.sample = selected
                raise
            t = self.trainer
            x1, x2, label = t.data.train[index]
            c = t.config
            architecture = (tuple(c["features"]), tuple(c["hidden"]), c["activation"], t.head)
        svg, too_big = samples.drawing(architecture, loss, len(values))
        return {"sample": {
            "index": index, "x": [x1, x2], "label": label, "nodes": len(values), "svg": svg,
            "too_big": too_big, "values": values, "neurons": neurons,
        }}  # fmt: skip

    def backprop(self):
        """``{"steps"}``: the selected sample's backward pass at the current weights."""
        with self.lock:
            loss, _, index = self._copied_sample()
        with _workable(index):
            return {"steps": samples.steps(loss)}

    def gradcheck(self):
        """Autodiff against finite differences on the selected sample."""
        with self.lock:
            loss, model, index = self._copied_sample()
        with _workable(index):
            return samples.gradcheck(model, loss, index)


@contextmanager
def _workable(sample):
    """Unworkable, saying what to do, for an engine error on ``sample`` at these weights."""
    try:
        yield
    except _ENGINE_ERRORS as error:
        raise Unworkable(
            f"sample {sample} cannot be computed at these weights ({error}): reset, or "
            "lower the learning rate"
        ) from None


class Registry:
    """At most ``capacity`` sessions by id; idle ones expire, the least recently used idle
    one makes way when full. ``clock`` is for tests (a fake one)."""

    def __init__(self, capacity=CAPACITY, idle_limit=IDLE_LIMIT, clock=time.monotonic, tape=True):
        self.capacity, self.idle_limit, self._clock, self._tape = capacity, idle_limit, clock, tape
        self._sessions = OrderedDict()  # least recently used first
        self._lock = threading.Lock()

    def __len__(self):
        return len(self._sessions)

    def create(self, config):
        """A new session for ``config`` (checked); Full when there is no room."""
        trainer = Trainer(config, tape=self._tape)  # outside the lock: it takes a moment
        with self._lock:
            self._expire()
            if len(self._sessions) >= self.capacity:
                idle = next((s for s in self._sessions.values() if not s.playing), None)
                if idle is None:
                    raise Full(
                        f"too many sessions at once ({self.capacity}, all training); "
                        "try again later, or pause one"
                    )
                del self._sessions[idle.id]
                idle.stop()
            session = Session(secrets.token_hex(8), trainer, self._clock, self.idle_limit)
            self._sessions[session.id] = session
            return session

    def get(self, id):
        """The session ``id``, marked as used; UnknownSession if there is none."""
        with self._lock:
            self._expire()
            session = self._sessions.get(id)
            if session is None:
                raise UnknownSession(
                    f"unknown session {id!r}; it may have expired: reload the page"
                )
            self._sessions.move_to_end(id)
            session.touch()
            return session

    def _expire(self):
        for session in [s for s in self._sessions.values() if s.expired()]:
            del self._sessions[session.id]
            session.stop()

    def close(self):
        """Stop every session's training."""
        with self._lock:
            for session in self._sessions.values():
                session.stop()
            self._sessions.clear()
