"""The step-through on a terminal: the frames one at a time, and the keys that move them.

On a terminal a key acts at once, with no Enter: → Enter or Space go forward, ← or b go
back, q quits. Anywhere else (a pipe, or a system without terminal control) the keys are
read a line at a time: Enter, b Enter, q Enter.
"""

import os
import select
import sys

try:
    import termios
    import tty
except ImportError:  # not a POSIX system: line mode only
    termios = tty = None

KEYS = "→ Enter Space: next step, ← b: back, q: quit"
_PROMPT = "\n[→ next  ← back  q quit] "
_ESCAPES = {b"[C": "next", b"OC": "next", b"[D": "back", b"OD": "back"}  # the arrow keys


def show(frame, out="f"):
    """Print one frame, with the phase's heading before its first (``out``: f's name)."""
    if frame.number == 1 and frame.phase == "forward":
        print("\n== Forward: compute each u_i from its inputs, in topological order ==")
    elif frame.number == 1:
        print(f"\n== Backward: fill grad_table from {out} = u_n back to u_1 ==")
    print()
    print(frame.text)


def finish(walk):
    """The end of the walk: f and the gradient of every variable."""
    print()
    print("\n".join(walk.summary_lines()))


def page(walk, keys):
    """Show the frames of ``walk`` as ``keys`` ("next", "back", "quit", "end" or another
    key's name) move through them. Returns the exit status: 0."""
    frames, made = [], walk.frames_one_by_one()
    i = 0
    frames.append(next(made))
    show(frames[0], walk.out)
    for key in keys:
        if key in ("quit", "end"):
            print()
            return 0
        if key == "back":
            if i == 0:
                print("\n(this is the first step)")
                continue
            i -= 1
        elif key == "next":
            i += 1
            if i == len(frames):
                frame = next(made, None)
                if frame is None:
                    finish(walk)
                    return 0
                frames.append(frame)
        else:
            print(f"\n(unknown key {key}: {KEYS})")
            continue
        show(frames[i], walk.out)
    print()
    return 0


def keys():
    """The keys the user presses: one at a time on a terminal, else a line at a time."""
    if termios is not None and sys.stdin.isatty():
        return _single_keys(sys.stdin.fileno())
    return _line_keys()


def _line_keys():
    while True:
        try:
            answer = input(_PROMPT).strip().lower()
        except EOFError:
            yield "end"
            return
        yield {"": "next", "b": "back", "back": "back", "q": "quit", "quit": "quit"}.get(
            answer, repr(answer)
        )


def _single_keys(fd):
    """Keys as they are pressed (cbreak mode: no Enter, no echo; Ctrl-C still interrupts).
    The terminal is put back as it was when the keys are no longer wanted."""
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    try:
        while True:
            print(_PROMPT, end="", flush=True)
            key = os.read(fd, 1)
            if key in (b"", b"\x04"):  # the end of input, or Ctrl-D
                yield "end"
                return
            if key == b"\x1b":  # an escape sequence follows at once, if it is an arrow
                sequence = b""
                while len(sequence) < 2 and select.select([fd], [], [], 0.05)[0]:
                    sequence += os.read(fd, 1)
                yield _ESCAPES.get(sequence, repr((key + sequence).decode(errors="replace")))
            elif key in (b"\r", b"\n", b" "):
                yield "next"
            else:
                name = key.decode(errors="replace").lower()
                yield {"b": "back", "q": "quit"}.get(name, repr(name))
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
