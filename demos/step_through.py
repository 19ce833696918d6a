"""Step through backprop on f = xy + max(z, w), one node at a time, as in a lecture.

    python -m demos.step_through                       # the seeds' example, x=2 y=-2 z=3 w=4
    python -m demos.step_through --z 4 --w 4           # a tie: max routes to z
    python -m demos.step_through --expr "x*x + y" --set x=3 --set y=1
    python -m demos.step_through --example goodfellow  # J = ½(xy - 3)², seed 004
    python -m demos.step_through --html steps.html     # an offline page to project

On a terminal, Enter goes to the next step, b goes back and q quits. When stdin is not a
terminal, or with --no-pause, the whole walk is printed and the program exits 0.
"""

import argparse
import html
import math
import os
import re
import sys

from autograd.files import write_atomically
from demos._stepping import Walk, fmt
from demos.expr import ALLOWED, ExpressionError, build, parse_assignments

SEED_EXPRESSION = "x*y + max(z, w)"
SEED_DEFAULTS = {"x": 2.0, "y": -2.0, "z": 3.0, "w": 4.0}
# Seed 004's tiny example: z_hat = xy, target 3, J = ½(z_hat - 3)². "-3" is one constant.
GOODFELLOW_EXPRESSION = "0.5 * (x*y + -3)**2"
GOODFELLOW_DEFAULTS = {"x": 1.0, "y": 2.0}
GOODFELLOW_TITLE = "J = ½(xy − 3)², Goodfellow et al.'s tiny example (target 3)"

_FRAME_FILE = re.compile(r"^\d+-(forward|backward)-u\d+\.svg$")
_KEYS = "Enter = next step, b = back, q = quit"


def main(argv=None):
    """Run the step-through; returns the exit status (0, 2 for bad input, 130 on Ctrl-C)."""
    parser = _parser()
    args = parser.parse_args(argv)
    title, text, values = _choose(parser, args)
    try:
        f, leaves = build(text, values)
    except (ExpressionError, ValueError, ArithmeticError, TypeError) as error:
        parser.error(str(error))
    walk = Walk(f, {name: leaves.get(name) for name in values})
    if sys.stdout.encoding and sys.stdout.encoding.lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(errors="replace")  # ∂ and × on a non-UTF-8 terminal

    if args.svg_dir is not None or args.html is not None:
        status = _draw(parser, args, walk, title)
        if status:
            return status

    interactive = not args.no_pause and _on_a_terminal()
    print(f"Step through backprop on {title}")
    assigned = ", ".join(f"{name} = {fmt(value)}" for name, value in values.items())
    n = len(walk.order)
    print(f"at {assigned}: {n} nodes u_1..u_{n}, {len(walk.frames)} steps")
    if interactive:
        print(_KEYS)
        return _step_interactively(walk)
    for frame in walk.frames:
        _show(frame)
    _finish(walk)
    return 0


def _on_a_terminal():
    # a prompt written into a redirected stdout would wait for keys no one knows to press
    return sys.stdin.isatty() and sys.stdout.isatty()


def _draw(parser, args, walk, title):
    """Write the SVG frames and/or the page; 0 when done, 1 when a file cannot be written."""
    from autograd.render import MAX_NODES, RenderError

    if len(walk.order) > MAX_NODES:
        parser.error(
            f"the graph has {len(walk.order)} nodes, too many to draw (at most {MAX_NODES}); "
            "step through it without --svg-dir and --html"
        )
    try:
        if args.svg_dir is not None:
            count = write_svg_frames(walk, args.svg_dir)
            print(f"wrote {count} SVG frames to {args.svg_dir}")
        if args.html is not None:
            write_html(walk, args.html, title)
            print(f"wrote {args.html}: open it in a browser, step with ← and →")
    except OSError as error:
        print(f"step_through: cannot write: {error}", file=sys.stderr)
        return 1
    except RenderError as error:
        print(f"step_through: {error}", file=sys.stderr)
        return 1
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        """One line on stderr and status 2: a student sees the problem, not a traceback."""
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _parser():
    parser = _Parser(
        prog="python -m demos.step_through",
        description="Step through forward and backward propagation (the grad_table dynamic "
        "program) on f(x, y, z, w) = xy + max(z, w), or on any expression.",
        epilog="On a terminal: Enter = next, b = back, q = quit. "
        f"Expressions may use {ALLOWED}.",
    )
    for name in SEED_DEFAULTS:
        parser.add_argument(
            f"--{name}",
            type=_number,
            metavar="NUMBER",
            help=f"value of {name} (default {fmt(SEED_DEFAULTS[name])})",
        )
    parser.add_argument(
        "--expr", metavar="TEXT", help='step through this expression, e.g. "x*x + y"'
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="give a variable of --expr a value (repeat the flag for each variable)",
    )
    parser.add_argument(
        "--example",
        choices=["seed", "goodfellow"],
        help="seed: xy + max(z, w) (the default); goodfellow: J = ½(xy - 3)² at x=1, y=2",
    )
    parser.add_argument("--no-pause", action="store_true", help="print every step without waiting")
    parser.add_argument("--svg-dir", metavar="DIR", help="write one SVG picture per step into DIR")
    parser.add_argument(
        "--html", metavar="FILE", help="write an offline page that steps through the pictures"
    )
    return parser


def _number(text):
    """argparse type: a finite float, or a one-line error."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _choose(parser, args):
    """(title, expression text, {name: value}) from the flags; bad combinations exit 2."""
    given = {name: getattr(args, name) for name in SEED_DEFAULTS if getattr(args, name) is not None}
    if args.expr is not None and args.example is not None:
        parser.error("use either --expr or --example, not both")
    if args.set and args.expr is None:
        parser.error("--set gives values to the names of --expr; add --expr TEXT")
    if args.example == "goodfellow":
        extra = sorted(set(given) - set(GOODFELLOW_DEFAULTS))
        if extra:
            parser.error(f"--example goodfellow has only x and y; drop --{extra[0]}")
        return GOODFELLOW_TITLE, GOODFELLOW_EXPRESSION, {**GOODFELLOW_DEFAULTS, **given}
    if args.expr is None:
        values = {**SEED_DEFAULTS, **given}
        return f"f(x, y, z, w) = {SEED_EXPRESSION}", SEED_EXPRESSION, values
    try:
        values = parse_assignments(args.set)
    except ExpressionError as error:
        parser.error(str(error))
    for name, value in given.items():
        if name in values:
            parser.error(f"{name} is given by both --{name} and --set; give it once")
        values[name] = value
    return f"f = {args.expr.strip()}", args.expr, values


# -- the terminal ------------------------------------------------------------------------


def _show(frame):
    if frame.number == 1 and frame.phase == "forward":
        print("\n== Forward: compute each u_i from its inputs, in topological order ==")
    elif frame.number == 1:
        print("\n== Backward: fill grad_table from f = u_n back to u_1 ==")
    print()
    print(frame.text)


def _finish(walk):
    print()
    print("\n".join(walk.summary_lines()))


def _step_interactively(walk):
    """Enter / b / q, read a line at a time; EOF ends quietly, Ctrl-C with status 130."""
    i = 0
    _show(walk.frames[i])
    try:
        while True:
            answer = input("\n[Enter] next  [b] back  [q] quit > ").strip().lower()
            if answer in ("q", "quit"):
                return 0
            if answer in ("b", "back"):
                if i == 0:
                    print("(this is the first step)")
                    continue
                i -= 1
            elif answer == "":
                i += 1
                if i == len(walk.frames):
                    _finish(walk)
                    return 0
            else:
                print(f"(unknown key {answer!r}: {_KEYS})")
                continue
            _show(walk.frames[i])
    except EOFError:
        print()
        return 0


# -- pictures ----------------------------------------------------------------------------


def frame_svgs(walk, rankdir="LR"):
    """One inline SVG (text starting at <svg) per frame, highlighting the frame's node."""
    from autograd.render import svg_string

    svgs = []
    for frame in walk.frames:
        backward = frame.phase == "backward"
        svgs.append(
            svg_string(
                walk.f,
                standalone=False,
                show_index=True,
                show_grad=backward,
                grads=frame.grads if backward else None,
                highlight={frame.node},
                rankdir=rankdir,
            )
        )
    return svgs


def frame_filename(walk, k, frame):
    """01-forward-u1.svg: the step number overall, the phase and the node."""
    width = len(str(len(walk.frames)))
    return f"{k:0{width}d}-{frame.phase}-u{walk.index[frame.node]}.svg"


def write_svg_frames(walk, directory):
    """Write one SVG file per frame into ``directory``; returns how many."""
    svgs = frame_svgs(walk)
    os.makedirs(directory, exist_ok=True)
    for old in os.listdir(directory):  # frames of an earlier, longer walk would mislead
        if _FRAME_FILE.match(old):
            os.remove(os.path.join(directory, old))
    for k, (frame, svg) in enumerate(zip(walk.frames, svgs), start=1):
        document = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg
        write_atomically(os.path.join(directory, frame_filename(walk, k, frame)), document)
    return len(svgs)


def write_html(walk, path, title):
    """Write one self-contained page: every frame inlined, Prev/Next and arrow keys."""
    svgs = frame_svgs(walk, rankdir="TB")  # top to bottom fits beside the text
    sections = []
    last = len(walk.frames) - 1
    for k, (frame, svg) in enumerate(zip(walk.frames, svgs)):
        text = frame.text
        if k == last:
            text += "\n\n" + "\n".join(walk.summary_lines())
        sections.append(
            f'<section class="frame" data-phase="{frame.phase}">\n'
            f'<div class="picture">{svg}</div>\n'
            f'<pre class="text">{html.escape(text)}</pre>\n</section>'
        )
    page = _PAGE.format(
        title=html.escape(title),
        count=len(sections),
        frames="\n".join(sections),
    )
    write_atomically(path, page)


# Everything the page needs is in the page: no fonts, scripts or styles from elsewhere.
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backprop, step by step: {title}</title>
<style>
  body {{ margin: 0; font-family: sans-serif; background: #fafafa; color: #111; }}
  header {{ display: flex; align-items: center; gap: 1em; padding: 0.5em 1em;
           background: #fff; border-bottom: 1px solid #ccc; position: sticky; top: 0; }}
  h1 {{ font-size: 1.1em; margin: 0; flex: 1; }}
  button {{ font-size: 1em; padding: 0.3em 1em; }}
  #counter {{ font-family: monospace; min-width: 8em; text-align: center; }}
  .frame {{ display: flex; flex-wrap: wrap; gap: 1em; padding: 1em; align-items: flex-start; }}
  .frame[hidden] {{ display: none; }}
  .picture {{ flex: 1 1 360px; background: #fff; border: 1px solid #ddd; }}
  .picture svg {{ width: 100%; height: auto; max-height: calc(100vh - 6em); display: block; }}
  .text {{ flex: 0 1 auto; margin: 0; font-size: 13px; line-height: 1.35;
          background: #fff; border: 1px solid #ddd; padding: 0.8em; overflow-x: auto; }}
  .hint {{ font-size: 0.85em; color: #555; }}
</style>
</head>
<body>
<header>
  <h1>{title}</h1>
  <button id="prev" type="button">&larr; Prev</button>
  <span id="counter">{count} steps</span>
  <button id="next" type="button">Next &rarr;</button>
  <span class="hint">keys: &larr; &rarr;, Home, End</span>
</header>
<main>
{frames}
</main>
<script>
(function () {{
  var frames = document.querySelectorAll(".frame");
  var counter = document.getElementById("counter");
  var current = 0;
  function show(i) {{
    current = Math.max(0, Math.min(frames.length - 1, i));
    for (var k = 0; k < frames.length; k++) {{ frames[k].hidden = (k !== current); }}
    var phase = frames[current].getAttribute("data-phase");
    counter.textContent = phase + " \\u00b7 " + (current + 1) + " / " + frames.length;
    document.getElementById("prev").disabled = (current === 0);
    document.getElementById("next").disabled = (current === frames.length - 1);
    if (history.replaceState) {{ history.replaceState(null, "", "#" + (current + 1)); }}
  }}
  document.getElementById("prev").addEventListener("click", function () {{ show(current - 1); }});
  document.getElementById("next").addEventListener("click", function () {{ show(current + 1); }});
  document.addEventListener("keydown", function (event) {{
    if (event.key === "ArrowRight" || event.key === "PageDown" || event.key === " ") {{
      show(current + 1); event.preventDefault();
    }} else if (event.key === "ArrowLeft" || event.key === "PageUp") {{
      show(current - 1); event.preventDefault();
    }} else if (event.key === "Home") {{ show(0); }} else if (event.key === "End") {{
      show(frames.length - 1);
    }}
  }});
  var start = parseInt(location.hash.slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
}})();
</script>
</body>
</html>
"""


def _run():
    """Entry point: exit quietly on Ctrl-C and when the reader of a pipe goes away."""
    try:
        status = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        print()
        status = 130
    except BrokenPipeError:
        # ``... | head``: the reader left; silence the flush at exit as well
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    sys.exit(status)


if __name__ == "__main__":
    _run()
