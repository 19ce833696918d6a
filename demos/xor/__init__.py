"""Train a network on XOR live: change it, watch it learn, see why a perceptron cannot.

    python -m demos.xor                      # interactive; type help
    python -m demos.xor --script "train; show"
    echo "train; show" | python -m demos.xor

The rooms, from the top down:

    cli        the flags and the read loop (terminal, piped stdin or --script)
    commands   the table of commands and the dispatcher that keeps a failed command harmless
    training   step and train: the training view hooked to the session, and the outcome in words
    pictures   graph and plot: one point's loss graph as SVG, the loss and boundary as PNG
    console    the session with its output stream: printing and the lines commands share
    lessons    the presets (the seeds' networks) and the perceptron lesson
    files      a model saved with its settings, through nn's model file
    session    the state (model, optimizer, settings, history); it trains and never prints
    settings   Settings and the table of keys that `set` takes
    views      text drawings from plain data: truth table, boundary grid, weights, progress
    plot       the PNG picture from plain data
"""
