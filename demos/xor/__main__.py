"""``python -m demos.xor``: the interactive XOR trainer."""

from demos._cli import run

from .cli import PROG, main

run(main, PROG)
