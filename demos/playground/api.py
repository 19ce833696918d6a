"""The playground's HTTP API as a table of routes: method, path, the fields of the body or
query, and what answers. The server hands each request here as plain data (method,
path, a dict), and gets back a status and a JSON-ready answer. No HTTP object comes in.

``docs/playground-api.md`` is the contract; its endpoint table lists these rows.
"""

from dataclasses import dataclass
from typing import Callable

from nn import ModelFileError

from .fields import (
    CONFIG_PATCH,
    FROM_DEFAULTS,
    HEATMAPS,
    HISTORY_FROM,
    INDEX,
    MODEL,
    PLAYING,
    SESSION,
    FieldError,
    parse,
    parse_config,
)
from .sessions import Full, UnknownSession, Unworkable


class ApiError(Exception):
    """A request the API refuses: an HTTP status and a message for ``{"error": ...}``."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Route:
    """One endpoint: ``answer(session, values)`` (the registry for ``POST /api/session``)."""

    method: str
    path: str
    fields: tuple
    answer: Callable
    status: int = 200
    download: str | None = None  # a file name: the answer is sent as an attachment


def _create(registry, values):
    session = registry.create(parse_config(values["config"]))
    return {"session": session.id, **session.state()}


def _configure(session, values):
    base = None if values["from_defaults"] else session.trainer.config
    return session.configure(parse_config(values["config"], base))


def _load(session, values):
    try:
        return session.load(values["model"])
    except ModelFileError as error:
        raise ApiError(400, f"model: {error}; nothing was changed") from None


ROUTES = (
    Route("POST", "/api/session", (CONFIG_PATCH,), _create, status=201),
    Route("POST", "/api/config", (SESSION, CONFIG_PATCH, FROM_DEFAULTS), _configure),
    Route("POST", "/api/play", (SESSION, PLAYING), lambda s, v: {"frame": s.play(v["playing"])}),
    Route("POST", "/api/step", (SESSION,), lambda s, v: {"frame": s.step()}),
    Route("POST", "/api/reset", (SESSION,), lambda s, v: {"frame": s.reset()}),
    Route("GET", "/api/frame", (SESSION, HISTORY_FROM, HEATMAPS),
          lambda s, v: {"frame": s.frame(v["history_from"], v["heatmaps"])}),
    Route("POST", "/api/sample", (SESSION, INDEX), lambda s, v: s.select(v["index"])),
    Route("POST", "/api/backprop", (SESSION,), lambda s, v: s.backprop()),
    Route("POST", "/api/gradcheck", (SESSION,), lambda s, v: s.gradcheck()),
    Route("GET", "/api/model", (SESSION,), lambda s, v: s.model_file(),
          download="gradtable-playground-model.json"),
    Route("POST", "/api/model", (SESSION, MODEL), _load),
)  # fmt: skip
"""Every endpoint."""

PATHS = {route.path for route in ROUTES}


def find(method, path):
    """The route for ``method`` and ``path``; ApiError 404 (unknown path) or 405."""
    for route in ROUTES:
        if route.path == path and route.method == method:
            return route
    if path in PATHS:
        allowed = ", ".join(r.method for r in ROUTES if r.path == path)
        raise ApiError(405, f"{method} is not allowed on {path}; use {allowed}")
    raise ApiError(404, f"no such endpoint: {path}")


def from_query(route, pairs):
    """A GET query's ``{name: text}`` with each number-valued field's text read as a number."""
    kinds = {f.name: f.kind for f in route.fields}
    return {
        name: getattr(kinds.get(name), "from_query", str)(text) for name, text in pairs.items()
    }


def answer(registry, route, given):
    """``(status, answer)`` for a request to ``route`` whose body or query is ``given``.

    The session is found first: the limits of some fields (``index``) are its own."""
    what = "the query" if route.method == "GET" else "the body"
    try:
        if SESSION not in route.fields:
            return route.status, route.answer(registry, parse(route.fields, given, what))
        session = registry.get(_session_id(given, what))
        values = parse(route.fields, given, what, session.trainer.config)
        return route.status, route.answer(session, values)
    except FieldError as error:
        raise ApiError(400, str(error)) from None
    except UnknownSession as error:
        raise ApiError(404, str(error)) from None
    except Full as error:
        raise ApiError(503, str(error)) from None
    except Unworkable as error:
        raise ApiError(409, str(error)) from None


def _session_id(given, what):
    if not isinstance(given, dict):
        raise FieldError(f"{what} must be a JSON object, got {type(given).__name__}")
    if "session" not in given:
        raise FieldError(f"session: missing from {what} ({SESSION.allowed()})")
    return SESSION.kind.check("session", given["session"], None)
