"""python -m demos.playground run as a user runs it: the start-up line, a port in use,
SIGTERM, --help."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^gradtable playground at http://127\.0\.0\.1:(\d+)/$")


def start(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "demos.playground", "--no-browser", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


def run(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "demos.playground", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip


@pytest.fixture
def playground():
    process = start("--port", "0")
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_the_first_line_names_the_real_port_and_sigterm_stops_with_status_0(playground):
    line = playground.stdout.readline().rstrip("\n")
    port = int(LINE.match(line).group(1))
    assert port != 0
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/session", data=b"{}")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201 and json.load(response)["frame"]["epoch"] == 0
    playground.send_signal(signal.SIGTERM)
    out, err = playground.communicate(timeout=30)
    assert playground.returncode == 0
    assert out == "" and err == ""  # no line per request, nothing on stopping


def test_ctrl_c_stops_with_status_0(playground):
    playground.stdout.readline()
    playground.send_signal(signal.SIGINT)
    playground.communicate(timeout=30)
    assert playground.returncode == 0


def test_a_port_in_use_exits_2_with_one_line_naming_it():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("--no-browser", "--port", str(port))
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and str(port) in lines[0] and "--port" in lines[0]


def test_a_bad_flag_exits_2_with_one_line():
    done = run("--port", "70000")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "from 0 to 65535" in done.stderr


def test_help_says_what_host_0_0_0_0_exposes():
    done = run("--help")
    text = " ".join(done.stdout.split())
    assert done.returncode == 0
    assert "--host 0.0.0.0 lets other computers on the network" in text
    assert "--no-browser" in text and "0 = any free port" in text
