"""gradtable against micrograd 0.1.0 on micrograd's own demo workload.

Workload (micrograd's demo.ipynb): 100 two-moons points, an MLP 2-16-16-1 of scalar
Values with ReLU hidden layers, SVM hinge loss plus 1e-4 * sum(p^2), full batch. One step
is forward, backward and an SGD update. Both engines get the same data and the same
initial weights, and are timed in the same process, with Python's default GC on (as users
run it) and with GC off.

Also printed: where gradtable's step goes (forward, backward, the rest, and the cyclic
collector's share of each), bytes per node of a recorded graph, and backprop through a
10^6-node chain.

    python benchmarks/bench_engine.py [--steps N]
"""

import argparse
import gc
import math
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd  # noqa: E402


def moons(n, noise, seed):
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        t = math.pi * rng.random()
        if i % 2:
            point, label = [math.cos(t), math.sin(t)], -1
        else:
            point, label = [1 - math.cos(t), 0.5 - math.sin(t)], 1
        X.append([c + rng.gauss(0, noise) for c in point])
        y.append(label)
    return X, y


def make_weights(sizes, seed):
    """Per layer, per neuron: (weights, bias), drawn U(-1, 1) as micrograd does."""
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1, 1) for _ in range(nin)], 0.0) for _ in range(nout)]
        for nin, nout in zip(sizes, sizes[1:])
    ]


class Engine:
    """An MLP written the same way for either engine's Value class (micrograd's nn.py)."""

    def __init__(self, value_cls, weights):
        self.V = value_cls
        self.layers = [[([value_cls(w) for w in ws], value_cls(b)) for ws, b in layer] for layer in weights]
        self.params = [p for layer in self.layers for ws, b in layer for p in (*ws, b)]

    def forward(self, x):
        last = len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            out = []
            for ws, b in layer:
                act = sum((wi * xi for wi, xi in zip(ws, x)), b)
                out.append(act.relu() if i < last else act)
            x = out
        return x[0]

    def step(self, X, y, lr):
        scores = [self.forward(list(map(self.V, xi))) for xi in X]
        losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in self.params)
        loss = data_loss + reg_loss
        for p in self.params:
            p.grad = 0.0
        loss.backward()
        for p in self.params:
            p.data -= lr * p.grad
        return loss.data


def phases(value_cls, weights, X, y, steps):
    """Mean ms per step of forward, backward and the rest (update, freeing the graph),
    and the collector's mean ms per step inside each, with the default GC on."""
    model = Engine(value_cls, weights)
    collecting = {"start": 0.0, "forward": 0.0, "backward": 0.0, "rest": 0.0}
    phase = "rest"

    def on_gc(event, info):
        if event == "start":
            collecting["start"] = time.perf_counter()
        else:
            collecting[phase] += time.perf_counter() - collecting["start"]

    samples = []
    gc.collect()
    gc.callbacks.append(on_gc)
    try:
        for k in range(steps):
            start = time.perf_counter()
            phase = "forward"
            scores = [model.forward(list(map(model.V, xi))) for xi in X]
            losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
            loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.params)
            for p in model.params:
                p.grad = 0.0
            forward = time.perf_counter()
            phase = "backward"
            loss.backward()
            backward = time.perf_counter()
            phase = "rest"
            for p in model.params:
                p.data -= (1.0 - 0.9 * k / 100) * p.grad
            del scores, losses, loss
            samples.append((forward - start, backward - forward, time.perf_counter() - backward))
    finally:
        gc.callbacks.remove(on_gc)
    means = [statistics.mean(column) * 1000 for column in zip(*samples)]
    in_gc = [collecting[name] * 1000 / steps for name in ("forward", "backward", "rest")]
    return means, in_gc


def time_steps(value_cls, weights, X, y, steps, gc_on):
    model = Engine(value_cls, weights)
    gc.collect()
    (gc.enable if gc_on else gc.disable)()
    try:
        times, losses = [], []
        for k in range(steps):
            start = time.perf_counter()
            losses.append(model.step(X, y, 1.0 - 0.9 * k / 100))
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(times), losses


def bytes_per_node(n=100_000):
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    x = autograd.Value(0.5)
    h = x
    for _ in range(n // 2):
        h = (h * x).tanh()  # each iteration: one mul node and one tanh node
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    nodes = len(autograd.topological_order(h))
    return (after - before) / nodes, nodes


def chain(n=1_000_000):
    x = autograd.Value(0.5)
    start = time.perf_counter()
    h = x
    for _ in range(n):
        h = h.tanh()
    built = time.perf_counter() - start
    start = time.perf_counter()
    h.backward()
    return built, time.perf_counter() - start, x.grad


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=5, help="training steps per configuration (default 5)")
    args = parser.parse_args()
    try:
        import micrograd.engine
    except ImportError:
        sys.exit("micrograd is not installed: pip install micrograd==0.1.0 (part of the [dev] extra)")

    X, y = moons(100, 0.1, seed=1)
    weights = make_weights([2, 16, 16, 1], seed=1337)
    print(f"workload: 100 moons points, MLP 2-16-16-1, hinge + L2, {args.steps} steps each")
    print(f"python {sys.version.split()[0]}, GC thresholds {gc.get_threshold()}\n")
    results = {}
    for gc_on in (True, False):
        for name, cls in (("micrograd", micrograd.engine.Value), ("gradtable", autograd.Value)):
            median, losses = time_steps(cls, weights, X, y, args.steps, gc_on)
            results[name, gc_on] = (median, losses)
            print(f"  {name:9}  GC {'on ' if gc_on else 'off'}  {median * 1000:8.1f} ms/step   loss {losses[0]:.6f} -> {losses[-1]:.6f}")
    agree = all(
        math.isclose(a, b, rel_tol=1e-9)
        for gc_on in (True, False)
        for a, b in zip(results["micrograd", gc_on][1], results["gradtable", gc_on][1])
    )
    print(f"\n  same losses from both engines: {agree}")
    for gc_on in (True, False):
        ratio = results["micrograd", gc_on][0] / results["gradtable", gc_on][0]
        print(f"  speed-up, GC {'on ' if gc_on else 'off'}: {ratio:5.1f}x")
    times, in_gc = phases(autograd.Value, weights, X, y, args.steps)
    print("\n  gradtable per step, GC on (of which in the cyclic collector):")
    for name, ms, collector in zip(("forward", "backward", "update and free"), times, in_gc):
        print(f"    {name:15} {ms:6.1f} ms  ({collector:.1f} ms)")
    per_node, nodes = bytes_per_node()
    print(f"\n  memory: {per_node:.0f} bytes per node ({nodes} nodes of mul/tanh)")
    built, back, g = chain()
    print(f"  10^6-node tanh chain: built in {built:.2f} s, backward in {back:.2f} s (dx = {g:.6g})")


if __name__ == "__main__":
    main()
