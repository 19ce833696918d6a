"""``python -m demos``: the ``gradtable`` command, for an environment without its script."""

from demos.command import main

main()
