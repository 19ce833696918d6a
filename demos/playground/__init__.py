"""The browser playground: TensorFlow Playground's job, done by gradtable's own engine, with
the gradients shown.

    python -m demos.playground            # serves http://127.0.0.1:8000/ and opens it

The Python side, one job a file: ``datasets`` and ``features`` (the points and what the
network sees of them), ``network`` (the model and the labelled loss graph of a sample),
``trainer`` (one run: it trains with the traced tape and never prints), ``heatmaps``,
``samples`` (the selected sample's drawing, numbers, backward steps and gradient check),
``fields`` (the table of every value a request may carry), ``files`` (model uploads),
``sessions`` (one per tab, each with its training thread), ``api`` (the table of routes),
``server`` and ``cli``. The page lives in ``static/``; ``docs/playground-api.md`` is the
contract between the two.
"""
