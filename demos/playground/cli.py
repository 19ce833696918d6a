"""The command line: ``python -m demos.playground [--port 8000] [--host 127.0.0.1] [--no-browser]``.

The first line on stdout, flushed at once, is ``gradtable playground at http://HOST:PORT/``
(the real port when ``--port 0`` took any free one). Ctrl-C or SIGTERM stops the server
with status 0. A port in use exits 2 with one line that names it.
"""

import errno
import signal
import webbrowser

from demos._cli import Parser, whole_number

from .server import PlaygroundServer

PROG = "python -m demos.playground"  # how its errors begin

DESCRIPTION = """\
Serve the browser playground: TensorFlow Playground's job done by gradtable's own engine,
with the gradients shown. Each browser tab trains its own network.
"""

HOST_HELP = """\
address to listen on (default 127.0.0.1: this computer only). --host 0.0.0.0 lets other
computers on the network (a class on a LAN) open the page: anyone who can reach this
computer can then use the playground and start training, which costs this computer CPU
time. The server reads no files but the page's own and writes none; still, use it only on a
network you trust.
"""


def build_parser(prog=PROG):
    """The flags."""
    parser = Parser(prog=prog, description=DESCRIPTION)
    add = parser.add_argument
    add("--port", type=whole_number(0, 65535), default=8000,
        help="port to listen on (default 8000; 0 = any free port)")  # fmt: skip
    add("--host", default="127.0.0.1", help=HOST_HELP)
    add("--no-browser", action="store_true", help="do not open a browser")
    return parser


def main(argv=None, prog=PROG):
    """Serve until Ctrl-C or SIGTERM; the exit status (2 when the server cannot start)."""
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    try:
        server = PlaygroundServer((args.host, args.port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            parser.exit(2, f"{parser.prog}: error: port {args.port} is in use; choose another "
                           "with --port (--port 0 takes any free one)\n")  # fmt: skip
        parser.exit(2, f"{parser.prog}: error: cannot listen on {args.host}:{args.port}: "
                       f"{error.strerror or error}\n")  # fmt: skip
    url = f"http://{args.host}:{server.server_address[1]}/"
    signal.signal(signal.SIGTERM, _interrupt)
    try:  # from the first line on, Ctrl-C and SIGTERM stop the server with status 0
        print(f"gradtable playground at {url}", flush=True)
        if not args.no_browser:
            webbrowser.open(url.replace("//0.0.0.0:", "//127.0.0.1:"))  # a browser here opens this
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops the server as Ctrl-C does
