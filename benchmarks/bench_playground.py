"""The playground's work, timed: training steps, a heat-map refresh, frames a page receives,
and (with --soak) the server's memory over a long run. It prints figures and asserts nothing.

    training   full-batch steps per second of a 2-8-8-1 tanh net on 200 training points,
               with the traced tape (the target: at least 60) and with the Value path; also
               whole epochs, which add the losses over the training and test sets
    heat maps  one refresh of every map (features, 16 hidden neurons, the output) on 50x50
               (the target: under 50 ms)
    frames     a real server on a free port, one session playing, a client polling
               GET /api/frame back to back as the page does: frames, epochs and heat-map
               updates it receives per second
    --soak M   the same for M minutes, with a sample selected, printing the server's RSS
               every 30 s (it should stay flat)

    python benchmarks/bench_playground.py [--seconds S] [--soak MINUTES]
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demos.playground.fields import parse_config  # noqa: E402
from demos.playground.heatmaps import heatmaps  # noqa: E402
from demos.playground.trainer import Trainer  # noqa: E402

NET = {"dataset": "circle", "points": 400, "train_percent": 50, "hidden": [8, 8],
       "activation": "tanh", "batch_size": 200, "learning_rate": 0.1}  # fmt: skip


def rate(work, seconds):
    """Calls of ``work`` per second, over about ``seconds`` (after one warm-up call)."""
    work()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        work()
        count += 1
    return count / (time.perf_counter() - start)


def training(seconds):
    config = parse_config(NET)
    for tape in (True, False):
        t = Trainer(config, tape=tape)
        everything = list(range(len(t.data.train)))
        steps = rate(lambda: t._train_batch(everything), seconds)
        epochs = rate(t.step_epoch, seconds)
        path = "tape      " if tape else "Value path"
        print(f"  {path}  {steps:6.1f} full-batch steps/s   {epochs:6.1f} epochs/s with losses")


def heat_maps(seconds):
    config = parse_config(NET)
    t = Trainer(config)
    per_second = rate(lambda: heatmaps(t.model, config["features"], t.head, t.version), seconds)
    print(f"  one refresh of 2 features + 16 neurons + output on 50x50: {1000 / per_second:.1f} ms")


class Server:
    """``python -m demos.playground --port 0`` in a subprocess, and a client for its API."""

    def __init__(self):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "demos.playground", "--port", "0", "--no-browser"],
            stdout=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        self.url = self.process.stdout.readline().split(" at ")[1].strip()

    def call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        with urllib.request.urlopen(self.url + path.lstrip("/"), data=data, timeout=60) as r:
            return json.load(r)

    def rss_mib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def poll(server, session, seconds, report=None, every=30.0):
    """Poll frames back to back for ``seconds``; (frames, epochs, heat-map updates) per
    second. ``report(elapsed)`` is called every ``every`` seconds."""
    frames = heat = 0
    version, last_epoch, first_epoch = -1, 0, None
    start = next_report = time.monotonic()
    while (now := time.monotonic()) - start < seconds:
        if report and now >= next_report:
            report(now - start)
            next_report += every
        query = f"session={session}&history_from={last_epoch + 1}&heatmaps={version}"
        frame = server.call(f"/api/frame?{query}")["frame"]
        frames += 1
        first_epoch = frame["epoch"] if first_epoch is None else first_epoch
        last_epoch = frame["epoch"]
        if "heatmaps" in frame:
            heat, version = heat + 1, frame["heatmaps"]["version"]
    elapsed = time.monotonic() - start
    if report:
        report(elapsed)
    return frames / elapsed, (last_epoch - first_epoch) / elapsed, heat / elapsed


def frames(seconds, soak_minutes=None):
    server = Server()
    try:
        session = server.call("/api/session", {})["session"]
        if soak_minutes:
            server.call("/api/sample", {"session": session, "index": 0})
        server.call("/api/play", {"session": session, "playing": True})
        if soak_minutes:
            print("  minute  RSS MiB")

            def report(elapsed):
                print(f"  {elapsed / 60:6.1f}  {server.rss_mib():7.1f}", flush=True)

            got = poll(server, session, soak_minutes * 60, report)
        else:
            got = poll(server, session, seconds)
        print(f"  default session playing: {got[0]:.1f} frames/s, {got[1]:.1f} epochs/s, "
              f"{got[2]:.1f} heat-map updates/s received")  # fmt: skip
    finally:
        server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement (default 3)")
    parser.add_argument("--soak", type=float, metavar="MINUTES", help="measure memory this long")
    args = parser.parse_args()
    if args.soak:
        print(f"Soak: one session playing for {args.soak:g} minutes, polled as a page would")
        frames(args.seconds, args.soak)
        return
    print("Training, 2-8-8-1 tanh, 200 training points, full batch (target: >= 60 steps/s)")
    training(args.seconds)
    print("Heat maps (target: < 50 ms)")
    heat_maps(args.seconds)
    print("Frames from a real server")
    frames(args.seconds * 2)


if __name__ == "__main__":
    main()
