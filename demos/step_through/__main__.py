"""python -m demos.step_through: run the command line, exiting quietly on Ctrl-C."""

from demos._cli import run

from .cli import PROG, main

if __name__ == "__main__":
    run(main, PROG)
