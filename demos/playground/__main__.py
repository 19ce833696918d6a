"""``python -m demos.playground``: serve the browser playground."""

from demos._cli import run

from .cli import PROG, main

run(main, PROG)
