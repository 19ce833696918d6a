"""Sessions: bounded, expiring on a (fake) clock, independent, each with its training thread."""

import threading
import time

import pytest

from demos.playground import sessions
from demos.playground.fields import FieldError, parse_config
from demos.playground.sessions import Full, Registry, UnknownSession

SMALL_FIELDS = {"points": 20, "batch_size": 10, "hidden": [2]}
SMALL = parse_config(SMALL_FIELDS)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_sessions_are_found_by_id_and_unknown_ids_are_refused():
    registry = Registry()
    session = registry.create(SMALL)
    assert registry.get(session.id) is session
    with pytest.raises(UnknownSession, match="it may have expired: reload the page"):
        registry.get("nope")


def test_idle_sessions_expire_after_the_idle_limit():
    clock = Clock()
    registry = Registry(idle_limit=900, clock=clock)
    old = registry.create(SMALL)
    clock.now = 600
    kept = registry.create(SMALL)
    clock.now = 901
    registry.get(kept.id)  # a request keeps it alive
    with pytest.raises(UnknownSession):
        registry.get(old.id)
    clock.now = 1502
    assert registry.get(kept.id) is kept
    assert len(registry) == 1


def test_when_full_the_least_recently_used_idle_session_makes_way():
    registry = Registry(capacity=2)
    a, b = registry.create(SMALL), registry.create(SMALL)
    registry.get(a.id)  # b is now the least recently used
    c = registry.create(SMALL)
    assert registry.get(a.id) is a and registry.get(c.id) is c
    with pytest.raises(UnknownSession):
        registry.get(b.id)


def test_when_every_session_plays_there_is_no_room():
    registry = Registry(capacity=2)
    a, b = registry.create(SMALL), registry.create(SMALL)
    a.play(True)
    b.play(True)
    try:
        with pytest.raises(Full, match="too many sessions"):
            registry.create(SMALL)
        b.play(False)
        registry.create(SMALL)
        with pytest.raises(UnknownSession):
            registry.get(b.id)
    finally:
        registry.close()


def training_threads():
    return [t for t in threading.enumerate() if t.name.startswith("gradtable playground training")]


def test_playing_trains_in_a_thread_until_paused():
    session = Registry().create(SMALL)
    frame = session.play(True)
    assert frame["playing"] is True
    wait_for(lambda: session.trainer.epoch >= 3)
    frame = session.play(False)
    assert frame["playing"] is False
    epoch = frame["epoch"]
    wait_for(lambda: not training_threads())
    assert session.trainer.epoch == epoch


def test_training_is_capped_at_epochs_per_second(monkeypatch):
    monkeypatch.setattr(sessions, "EPOCHS_PER_SECOND", 20)
    session = Registry().create(SMALL)
    session.play(True)
    time.sleep(0.5)
    session.play(False)
    assert 5 <= session.trainer.epoch <= 12


def test_step_reset_and_configure_pause_training():
    session = Registry().create(SMALL)
    for command in (session.step, session.reset, lambda: session.configure(SMALL)["frame"]):
        session.play(True)
        frame = command()
        assert frame["playing"] is False
        wait_for(lambda: not training_threads())


def test_an_expired_session_stops_training_by_itself():
    clock = Clock()
    session = Registry(idle_limit=900, clock=clock).create(SMALL)
    session.play(True)
    wait_for(lambda: session.trainer.epoch >= 1)
    clock.now = 901
    wait_for(lambda: not session.playing)
    wait_for(lambda: not training_threads())


def test_a_numeric_error_pauses_training_and_says_so():
    config = parse_config({"dataset": "plane", "hidden": [8, 8], "activation": "linear",
                           "learning_rate": 10, "points": 40})  # fmt: skip
    session = Registry().create(config)
    session.play(True)
    wait_for(lambda: not session.playing)
    frame = session.frame()
    assert frame["playing"] is False and "training stopped" in frame["error"]
    assert frame["epoch"] == session.trainer.epoch


def test_two_sessions_train_independently():
    registry = Registry()
    a, b = registry.create(SMALL), registry.create(parse_config({"seed": 1, "points": 20}))
    before = b.frame()["network"]
    for _ in range(3):
        a.step()
    assert a.trainer.epoch == 3 and b.trainer.epoch == 0
    assert b.frame()["network"] == before
    assert a.frame()["network"] != before


def test_frames_send_heat_maps_only_when_the_page_lacks_them():
    session = Registry().create(SMALL)
    first = session.frame()
    version = first["heatmaps"]["version"]
    assert "heatmaps" not in session.frame(heatmaps_version=version)
    session.step()
    time.sleep(sessions.HEATMAP_INTERVAL)
    assert session.frame(heatmaps_version=version)["heatmaps"]["version"] > version


def test_a_selected_sample_appears_in_every_frame_until_reconfigured():
    session = Registry().create(SMALL)
    with pytest.raises(FieldError, match="no sample is selected"):
        session.gradcheck()
    answer = session.select(3)["sample"]
    assert answer["index"] == 3 and answer["nodes"] == len(answer["values"])
    assert answer["svg"].startswith("<svg") and answer["too_big"] is None
    assert answer["x"] == list(session.trainer.data.train[3][:2])
    frame = session.step()
    assert frame["sample"]["index"] == 3 and frame["sample"]["values"] != answer["values"]
    assert session.backprop()["steps"][0]["index"] == answer["nodes"]
    assert "largest difference" in session.gradcheck()["text"]
    assert "sample" not in session.configure(SMALL)["frame"]


def test_a_refused_model_changes_nothing_not_even_playing():
    session = Registry().create(parse_config({**SMALL_FIELDS, "activation": "linear", "hidden": [1]}))
    session.play(True)
    huge = session.model_file()
    huge["weights"][0][0]["b"], huge["weights"][1][0]["w"] = 1e200, [1e200]
    try:
        with pytest.raises(FieldError, match="nothing was changed"):
            session.load(huge)
        assert session.playing
        wait_for(lambda: session.frame()["epoch"] >= 2)  # and it goes on training
    finally:
        session.stop()
