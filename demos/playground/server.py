"""The playground's web server: the page's files and the JSON API, from the standard library.

``http.server``'s ThreadingHTTPServer, a thread per connection. ``GET /`` is the page
(``static/index.html``) and ``GET /static/...`` its other files, read from the package's
``static`` folder as package data. Only files that are there are served, with a content
type from the table below; no path leaves the folder and no folder is listed. Everything
under ``/api/`` goes to ``api``.

Every error is a JSON ``{"error": ...}`` with its status. A body over 64 KiB gets 413
before any routing. No traceback reaches a client, and no line is logged per request.
Nothing is fetched from anywhere else: the page works offline.
"""

import json
import math
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qsl, unquote, urlsplit

from . import api
from .api import ApiError
from .sessions import Registry

MAX_BODY = 64 * 1024
STATIC = resources.files(__package__) / "static"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}
"""The kinds of file the page may load; a file of any other kind is not served."""


class PlaygroundServer(ThreadingHTTPServer):
    """The server, with its session ``registry`` and its ``static`` folder (a Traversable)."""

    daemon_threads = True  # a connection left open never keeps the program alive
    request_queue_size = 128  # a class opening the page at once: the default 5 resets the rest

    def __init__(self, address, registry=None, static=STATIC):
        self.registry = registry if registry is not None else Registry()
        self.static = static
        super().__init__(address, Handler)

    def server_close(self):
        super().server_close()
        self.registry.close()

    def handle_error(self, request, client_address):
        """A connection the client dropped is normal; anything else is printed once."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    """One connection's requests (HTTP/1.1, so a polling page reuses its connection)."""

    protocol_version = "HTTP/1.1"
    server_version = "gradtable-playground"
    timeout = 60  # seconds an idle connection is kept

    def log_message(self, format, *args):
        """Quiet: no line on stderr per request."""

    def send_error(self, code, message=None, explain=None):
        """What http.server finds wrong before a handler runs (a malformed request line, a
        method no handler takes) is answered in JSON too."""
        self.close_connection = True
        text = message or self.responses.get(code, ("error",))[0]
        self._send(code, json_bytes({"error": text}), "application/json")

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def _other_method(self):
        self._handle(self.command)

    do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _other_method

    def _handle(self, method):
        try:
            body = self._body()
            url = urlsplit(self.path)
            if url.path.startswith("/api/"):
                route = api.find(method, url.path)
                if method == "GET":
                    given = api.from_query(route, self._query(url.query))
                else:
                    given = _json(body)
                status, answer = api.answer(self.server.registry, route, given)
                self._send_json(status, answer, route.download)
            else:
                self._send_static(method, url.path)
        except ApiError as error:
            self._send_json(error.status, {"error": error.message})
        except (BrokenPipeError, ConnectionResetError):  # the tab closed mid-answer: normal
            self.close_connection = True
        except Exception:  # a bug: the client gets a message, the console the traceback
            traceback.print_exc(file=sys.stderr)
            self._send_json(500, {"error": "internal error in the playground server"})

    def _body(self):
        """The request's body as bytes: 413 past MAX_BODY, before anything is read."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise ApiError(411, "send the body with a Content-Length, not chunked")
        text = self.headers.get("Content-Length", "0").strip()
        if not (text.isascii() and text.isdigit()):
            self.close_connection = True
            raise ApiError(400, f"bad Content-Length {text!r}")
        length = int(text)
        if length > MAX_BODY:
            self.close_connection = True  # the body stays unread, so the connection ends
            raise ApiError(413, f"the body is {length} bytes; at most {MAX_BODY} are taken")
        return self.rfile.read(length)

    def _query(self, query):
        """The query's pairs as a dict; 400 for a name given twice."""
        pairs = parse_qsl(query, keep_blank_values=True)
        values = dict(pairs)
        if len(values) != len(pairs):
            twice = next(name for name, _ in pairs if sum(n == name for n, _ in pairs) > 1)
            raise ApiError(400, f"{twice}: given more than once in the query")
        return values

    def _send_static(self, method, path):
        found = static_file(self.server.static, path)
        if found is None:
            raise ApiError(404, f"not found: {path}")
        if method != "GET":
            raise ApiError(405, f"{method} is not allowed on {path}; use GET")
        file, content_type = found
        self._send(200, file.read_bytes(), content_type)

    def _send_json(self, status, answer, download=None):
        headers = {}
        if download:
            headers["Content-Disposition"] = f'attachment; filename="{download}"'
        self._send(status, json_bytes(answer), "application/json", headers)

    def _send(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def static_file(root, path):
    """``(file, content type)`` of the page's file at URL ``path`` under ``root``, or None:
    ``/`` is ``index.html``; ``/static/a/b.js`` is ``a/b.js``. No part may be empty or
    start with a dot, so nothing outside ``root`` (or hidden in it) is reachable."""
    if path == "/":
        parts = ["index.html"]
    elif path.startswith("/static/"):
        parts = unquote(path[len("/static/") :]).split("/")
    else:
        return None
    if any(not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    content_type = CONTENT_TYPES.get("." + parts[-1].rpartition(".")[2].lower())
    file = root.joinpath(*parts)
    if content_type is None or "." not in parts[-1] or not file.is_file():
        return None
    return file, content_type


def _json(body):
    """The request body as JSON (an empty body is ``{}``); 400 if it is not JSON."""
    if not body.strip():
        return {}
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_no_constant, parse_int=_whole)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ApiError(400, f"the body is not valid JSON: {error}") from None


def _no_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _whole(text):
    if len(text.lstrip("-")) > 100:  # Python would refuse past 4300 digits, naming its own limit
        raise ValueError(f"a whole number of {len(text)} digits is longer than any field allows")
    return int(text)


def json_bytes(answer):
    """``answer`` as JSON bytes; a number that is not finite (an overflow) is sent as null."""
    try:
        text = json.dumps(answer, allow_nan=False, separators=(",", ":"))
    except ValueError:
        text = json.dumps(_finite(answer), allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8")


def _finite(x):
    # recursion here walks a JSON answer a few levels deep, not a computation graph
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {key: _finite(value) for key, value in x.items()}
    if isinstance(x, (list, tuple)):
        return [_finite(value) for value in x]
    return x
