"""gradtable against micrograd 0.1.0 on micrograd's own demo workload.

Workload (micrograd's demo.ipynb): 100 two-moons points, an MLP 2-16-16-1 of scalar
Values with ReLU hidden layers, SVM hinge loss plus 1e-4 * sum(p^2), full batch. One step
is forward, backward and an SGD update. Every engine gets the same data and the same
initial weights, and all are timed in one process, a step of each in turn (interleaved),
with Python's default GC on, as users run it. The engines:

    micrograd     micrograd 0.1.0's Value
    values        gradtable's Value: the graph is built afresh every step
    tape          gradtable's traced tape: built once, replayed every step
    flat floor    the pure-Python floor for rebuilding: each step records its operations
                  as floats in flat lists (no objects per node), then runs backward
    straight      straight-line Python generated for this graph, one function, no chunks,
                  no leaf bookkeeping: the cost of the arithmetic alone

Also printed: the one-off cost of trace() (here and for the XOR trainer's graph), bytes
per node of a tape and of a Value graph, where a Value-path step goes, and backprop
through a 10^6-node chain.

    python benchmarks/bench_engine.py [--rounds N]
"""

import argparse
import gc
import math
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd  # noqa: E402
import nn  # noqa: E402

# -- the workload ---------------------------------------------------------------------------


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


def lr_at(k):
    return 1.0 - 0.9 * k / 100


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

    def loss(self, X, y):
        scores = [self.forward(list(map(self.V, xi))) for xi in X]
        losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in self.params)
        return data_loss + reg_loss

    def update(self, lr):
        for p in self.params:
            p.data -= lr * p.grad


def value_step(model, X, y, k):
    loss = model.loss(X, y)
    for p in model.params:
        p.grad = 0.0
    loss.backward()
    model.update(lr_at(k))
    return loss.data


class Taped:
    """The same model, its loss traced once."""

    def __init__(self, weights, X, y):
        self.model = Engine(autograd.Value, weights)
        self.tape = autograd.trace(self.model.loss(X, y))

    def step(self, k):
        for p in self.model.params:
            p.grad = 0.0
        loss = self.tape.run()
        self.tape.backward()
        self.model.update(lr_at(k))
        return loss


class Flat:
    """The floor for rebuilding: a step records floats and op codes in flat lists."""

    def __init__(self, weights):
        self.weights = [[(list(ws), b) for ws, b in layer] for layer in weights]

    def step(self, X, y, k):
        data, first, second, kind = [], [], [], []  # kind: 0 leaf, 1 add, 2 mul, 3 relu

        def node(value, op, a=-1, b=-1):
            data.append(value)
            kind.append(op)
            first.append(a)
            second.append(b)
            return len(data) - 1

        def add(a, b):
            return node(data[a] + data[b], 1, a, b)

        def mul(a, b):
            return node(data[a] * data[b], 2, a, b)

        def relu(a):
            return node(data[a] if data[a] > 0 else 0.0, 3, a)

        params = [[([node(w, 0) for w in ws], node(b, 0)) for ws, b in layer] for layer in self.weights]
        flat = [p for layer in params for ws, b in layer for p in (*ws, b)]
        last = len(params) - 1
        scores = []
        for xi in X:
            x = [node(c, 0) for c in xi]
            for i, layer in enumerate(params):
                out = []
                for ws, b in layer:
                    act = b
                    for wi, xj in zip(ws, x):
                        act = add(act, mul(wi, xj))
                    out.append(relu(act) if i < last else act)
                x = out
            scores.append(x[0])
        losses = [relu(add(node(1.0, 0), mul(node(-yi, 0), s))) for yi, s in zip(y, scores)]
        total = losses[0]
        for term in losses[1:]:
            total = add(total, term)
        reg = mul(flat[0], flat[0])
        for p in flat[1:]:
            reg = add(reg, mul(p, p))
        loss = add(mul(total, node(1.0 / len(losses), 0)), mul(node(1e-4, 0), reg))
        grad = [0.0] * len(data)
        grad[loss] = 1.0
        for i in range(loss, -1, -1):
            op, g = kind[i], grad[i]
            if op == 1:
                grad[first[i]] += g
                grad[second[i]] += g
            elif op == 2:
                grad[first[i]] += data[second[i]] * g
                grad[second[i]] += data[first[i]] * g
            elif op == 3:
                grad[first[i]] += g if data[first[i]] > 0 else 0.0
        lr = lr_at(k)
        for layer, layer_nodes in zip(self.weights, params):
            for j, ((ws, b), (w_nodes, b_node)) in enumerate(zip(layer, layer_nodes)):
                layer[j] = ([w - lr * grad[n] for w, n in zip(ws, w_nodes)], b - lr * grad[b_node])
        return data[loss]


class Straight:
    """The graph's forward and backward as one straight-line function each: no chunks,
    no leaf bookkeeping, only the arithmetic (a reference, not gradtable's code)."""

    FORWARD = {"add": "{a} + {b}", "mul": "{a} * {b}", "relu": "{a} if {a} > 0.0 else 0.0"}
    PARTIALS = {"add": ("1.0", "1.0"), "mul": ("{b}", "{a}"), "relu": ("(1.0 if {a} > 0.0 else 0.0)",)}

    def __init__(self, weights, X, y):
        self.model = Engine(autograd.Value, weights)
        order = autograd.topological_order(self.model.loss(X, y))
        index = {node: i for i, node in enumerate(order)}
        self.leaves = [node for node in order if not node.op]
        name = [f"u{i}" for i in range(len(order))]
        forward = [f"def forward({', '.join(name[index[n]] for n in self.leaves)}):"]
        terms = [[] for _ in order]
        for node in order:
            if node.op:
                i = index[node]
                args = dict(zip("ab", (name[index[u]] for u in node.inputs)))
                forward.append(f"    {name[i]} = " + self.FORWARD[node.op].format(**args))
                for u, partial in zip(node.inputs, self.PARTIALS[node.op]):
                    local = partial.format(**args)
                    terms[index[u]].append(f"g{i}" if local == "1.0" else f"{local} * g{i}")
        forward.append(f"    return ({', '.join(name)},)")
        backward = [f"def backward({', '.join(name)}):", f"    g{len(order) - 1} = 1.0"]
        for i in range(len(order) - 2, -1, -1):
            for k in range(0, len(terms[i]), 64):
                head = f"g{i} = " if k == 0 else f"g{i} = g{i} + "
                backward.append("    " + head + " + ".join(terms[i][k : k + 64]))
        backward.append(f"    return ({', '.join(f'g{index[n]}' for n in self.leaves)},)")
        namespace = {}
        exec(compile("\n".join(forward + backward), "<straight>", "exec"), namespace)
        self.forward, self.backward = namespace["forward"], namespace["backward"]

    def step(self, k):
        values = self.forward(*[leaf.data for leaf in self.leaves])
        for leaf, g in zip(self.leaves, self.backward(*values)):
            leaf.grad = g
        self.model.update(lr_at(k))
        return values[-1]


# -- measurements ---------------------------------------------------------------------------


def interleaved(weights, X, y, rounds):
    """Median ms per step and the losses of each engine, the engines taking turns.

    In each round every engine runs two steps, after a collection of what the engine before
    it left behind. Only the second step is timed: like any step of a training loop, it
    pays for collecting its own engine's garbage (micrograd's graphs are cycles that only
    the collector frees), not another engine's.
    """
    import micrograd.engine

    micro = Engine(micrograd.engine.Value, weights)
    values = Engine(autograd.Value, weights)
    taped, flat, straight = Taped(weights, X, y), Flat(weights), Straight(weights, X, y)
    engines = {
        "micrograd": lambda k: value_step(micro, X, y, k),
        "values": lambda k: value_step(values, X, y, k),
        "tape": taped.step,
        "flat floor": lambda k: flat.step(X, y, k),
        "straight": straight.step,
    }
    times = {name: [] for name in engines}
    losses = {name: [] for name in engines}
    # Every engine's set-up (models, the tape, the generated functions) lives through the
    # run; keep it out of the collector's scans, so that one engine's set-up does not slow
    # another's collections (alone in a process, each would have only its own).
    gc.collect()
    gc.freeze()
    try:
        return _turns(engines, rounds, times, losses)
    finally:
        gc.unfreeze()


def _turns(engines, rounds, times, losses):
    for r in range(rounds):
        for name, step in engines.items():
            gc.collect()
            losses[name].append(step(2 * r))
            start = time.perf_counter()
            losses[name].append(step(2 * r + 1))
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}, losses


def trace_cost(loss, repeats=3):
    """(seconds, nodes) of trace() on the graph of ``loss``: the best of a few."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        tape = autograd.trace(loss)
        best = min(best, time.perf_counter() - start)
    return best, len(tape)


def xor_loss():
    """The XOR trainer's loss graph: 2-4-1, BCE, the four points."""
    X, Y = nn.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    return nn.bce([model(x) for x in X], Y)


def tape_bytes_per_node(weights, X, y):
    model = Engine(autograd.Value, weights)
    loss = model.loss(X, y)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tape = autograd.trace(loss)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / len(tape)


def phases(weights, X, y, steps):
    """Mean ms per Value-path step of forward, backward and the rest (update, freeing the
    graph), and the cyclic collector's mean ms per step inside each, GC on."""
    model = Engine(autograd.Value, weights)
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
            loss = model.loss(X, y)
            for p in model.params:
                p.grad = 0.0
            forward = time.perf_counter()
            phase = "backward"
            loss.backward()
            backward = time.perf_counter()
            phase = "rest"
            model.update(lr_at(k))
            del loss
            samples.append((forward - start, backward - forward, time.perf_counter() - backward))
    finally:
        gc.callbacks.remove(on_gc)
    means = [statistics.mean(column) * 1000 for column in zip(*samples)]
    in_gc = [collecting[name] * 1000 / steps for name in ("forward", "backward", "rest")]
    return means, in_gc


def value_bytes_per_node(n=100_000):
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


def processor():
    """The CPU's name and how many cores Python may use, as far as this system says."""
    name = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            name = next((line.split(":", 1)[1].strip() for line in info
                         if line.startswith("model name")), name)
    except OSError:
        pass
    return f"{name or 'an unnamed CPU'} ({os.cpu_count()} cores)"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds of two steps per engine (default 5)"
    )
    args = parser.parse_args()
    try:
        import micrograd.engine  # noqa: F401
    except ImportError:
        sys.exit("micrograd is not installed: pip install micrograd==0.1.0 (part of the [dev] extra)")

    X, y = moons(100, 0.1, seed=1)
    weights = make_weights([2, 16, 16, 1], seed=1337)
    steps = 2 * args.rounds
    print(f"workload: 100 moons points, MLP 2-16-16-1, hinge + L2, {steps} steps per engine")
    print(
        f"python {sys.version.split()[0]} on {platform.machine()}, {processor()}, "
        f"GC thresholds {gc.get_threshold()}\n"
    )
    ms, losses = interleaved(weights, X, y, args.rounds)
    agree = all(
        math.isclose(a, b, rel_tol=1e-9) for name in ms for a, b in zip(losses[name], losses["micrograd"])
    )
    exact = losses["tape"] == losses["values"]
    print("  per step, interleaved, GC on:")
    for name, t in ms.items():
        print(f"    {name:10} {t:8.2f} ms   micrograd / this {ms['micrograd'] / t:6.1f}x")
    print(f"\n  tape / flat floor:  {ms['tape'] / ms['flat floor']:.2f}x   (target at most 1.0)")
    print(f"  tape / straight:    {ms['tape'] / ms['straight']:.2f}x   (target at most 2.0)")
    print(f"  same losses from every engine (to 1e-9): {agree}; tape == values bit for bit: {exact}")

    seconds, nodes = trace_cost(Engine(autograd.Value, weights).loss(X, y))
    saved = (ms["values"] - ms["tape"]) / 1000
    print(f"\n  trace(): {seconds:.2f} s for {nodes} nodes; pays for itself after "
          f"{math.ceil(seconds / saved)} steps")
    seconds, nodes = trace_cost(xor_loss(), repeats=5)
    print(f"  trace() of the XOR trainer's graph: {seconds * 1000:.1f} ms for {nodes} nodes")
    print(f"  tape memory: {tape_bytes_per_node(weights, X, y):.0f} bytes per node")

    times, in_gc = phases(weights, X, y, steps)
    print("\n  a Value-path step, GC on (of which in the cyclic collector):")
    for name, t, collector in zip(("forward", "backward", "update and free"), times, in_gc):
        print(f"    {name:15} {t:6.1f} ms  ({collector:.1f} ms)")
    per_node, nodes = value_bytes_per_node()
    print(f"\n  Value graph memory: {per_node:.0f} bytes per node ({nodes} nodes of mul/tanh)")
    built, back, g = chain()
    print(f"  10^6-node tanh chain: built in {built:.2f} s, backward in {back:.2f} s (dx = {g:.6g})")


if __name__ == "__main__":
    main()
