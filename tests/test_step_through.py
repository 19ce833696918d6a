"""demos.step_through run as a user runs it: a subprocess, its printed numbers, its files."""

import builtins
import html
import itertools
import json
import os
import re
import runpy
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from demos import step_through
from demos.step_through import pager

SVG = "{http://www.w3.org/2000/svg}svg"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
ROOT = Path(__file__).resolve().parents[1]


def svg_texts(svg):
    return [t.text for t in ET.fromstring(svg).iter(SVG_TEXT)]


def run(*args, stdin=subprocess.DEVNULL):
    return subprocess.run(
        [sys.executable, "-m", "demos.step_through", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def summary(stdout):
    """The df/dname lines at the end of the output, as {name: text of the number}."""
    lines = stdout.rstrip("\n").splitlines()
    found = {}
    for line in reversed(lines):
        match = re.fullmatch(r"df/d(\w+) = (\S+)", line)
        if not match:
            break
        found[match.group(1)] = match.group(2)
    return dict(reversed(found.items()))


def test_defaults_print_the_seed_gradients():
    result = run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip("\n").splitlines()[-5:] == [
        "f = 0",
        "df/dx = -2",
        "df/dy = 2",
        "df/dz = 0",
        "df/dw = 1",
    ]
    assert "Traceback" not in result.stderr


def test_an_expression_may_start_with_a_minus():
    done = run("--expr", "-x*y", "--set", "x=1", "--set", "y=2", "--no-pause")
    assert done.returncode == 0, done.stderr
    assert "at x = 1, y = 2: 5 nodes u_1..u_5, 8 steps (1 constant takes none)" in done.stdout
    assert summary(done.stdout) == {"x": "-2", "y": "-1"}
    unassigned = run("--expr", "1+2", "--no-pause")
    assert unassigned.stdout.splitlines()[1] == "3 nodes u_1..u_3, 2 steps (2 constants take none)"


def test_long_variable_names_keep_the_frames_within_80_columns(tmp_path):
    a, b = "a_very_long_variable_name_for_students", "another_quite_long_variable_name"
    done = run("--expr", f"{a}*{b} + tanh({a})", "--set", f"{a}=1.5", "--set", f"{b}=-2", "--no-pause")
    assert done.returncode == 0, done.stderr
    frames = done.stdout.split("\nf = ")[0]  # the summary keeps the contract's one-line form
    assert max(map(len, frames.splitlines())) <= 80
    assert f"    from u_3 = mul({a},\n        {b}): mul switches" in frames  # goes on, indented
    assert summary(done.stdout) == {a: "-1.81929", b: "1.5"}  # b + (1 - tanh²(1.5)), and a
    # the page wraps its text to its own width: its lines come whole
    page = tmp_path / "long.html"
    run("--expr", f"{a}*{b} + tanh({a})", "--set", f"{a}=1.5", "--set", f"{b}=-2", "--html", str(page))
    assert f"    from u_3 = mul({a}, {b}): mul switches" in html.unescape(page.read_text())


def test_max_and_relu_say_why_they_route_where_they_do():
    out = run("--no-pause").stdout
    assert "from u_7 = add(u_3, u_6): add distributes" in out
    assert "from u_6 = max(z, w): z < w, so max routes to w" in out
    tie = run("--z", "4", "--w", "4", "--no-pause").stdout
    assert "from u_6 = max(z, w): z ≥ w, so max routes to z" in tie
    relu = run("--expr", "relu(x) + relu(y)", "--set", "x=-1", "--set", "y=2", "--no-pause").stdout
    assert "from u_2 = relu(x): x ≤ 0, so relu passes 0" in relu
    assert "from u_4 = relu(y): y > 0, so relu passes the gradient on" in relu


def test_constants_take_no_steps_unless_asked_and_each_input_has_its_own_rule():
    out = run("--example", "goodfellow", "--no-pause").stdout
    assert "9 nodes u_1..u_9, 12 steps (3 constants take none)" in out
    assert len(re.findall(r"^Backward \d/6: ", out, re.M)) == 6
    assert ", a constant" not in out
    assert "u_8 = (-1) ** 2 = 1" in out and "u_6 = 2 + (-3) = -1" in out
    every = run("--example", "goodfellow", "--no-pause", "--constants").stdout
    assert len(re.findall(r"^Backward \d/9: ", every, re.M)) == 9
    exponent = every[every.index("Backward 3/9: u_7 = 2, a constant") :]
    # the exponent of pow has its own rule, not the base's p·x^(p-1)
    assert "from u_8 = pow(u_6, 2): pow's exponent scales by x^p·log x" in exponent.splitlines()[2]
    assert every.rstrip().splitlines()[-2:] == out.rstrip().splitlines()[-2:]  # the same dJ


def test_a_long_walk_shows_each_sum_but_not_the_whole_table_every_step():
    expr = " + ".join(f"x{i}*x{i}" for i in range(12))  # 35 nodes, past the table's limit
    out = run("--expr", expr, *[f"--set=x{i}=1" for i in range(12)], "--no-pause").stdout
    assert "grad_table so far" not in out and "so grad_table[x3] = 2" not in out
    assert "sum: grad_table[x3] = 1 + 1 = 2" in out


def test_every_step_shows_op_rule_terms_and_table():
    out = run("--no-pause").stdout
    assert len(re.findall(r"^Forward \d/7: ", out, re.M)) == 7
    assert len(re.findall(r"^Backward \d/7: ", out, re.M)) == 7
    assert "u_3 = mul(x, y)" in out
    assert "u_3 = 2 × (-2) = -4" in out  # a negative number in a formula is bracketed
    assert "u_6 = max(3, 4) = 4" in out
    for rule in ("add distributes", "mul switches", "max routes"):
        assert rule in out
    assert "∂u_3/∂x × grad_table[u_3] = -2 × 1 = -2" in out
    assert "∂u_6/∂z × grad_table[u_6] = 0 × 1 = 0" in out
    assert "grad_table so far" in out
    # the last table lists all seven entries in the order the DP filled them
    last_table = out.split("grad_table so far")[-1]
    rows = re.findall(r"^    (u_\d)\s", last_table, re.M)
    assert rows == ["u_7", "u_6", "u_5", "u_4", "u_3", "u_2", "u_1"]
    assert max(len(line) for line in out.splitlines()) <= 80


def test_a_tie_routes_the_gradient_to_z():
    result = run("--z", "4", "--w", "4")
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout) == {"x": "-2", "y": "2", "z": "1", "w": "0"}
    assert "f = 0" in result.stdout.splitlines()


def test_other_values():
    # f = 3 * 0.5 + max(-1, -2) = 0.5; df/dx = y, df/dy = x, z wins the max
    result = run("--x", "3", "--y", "0.5", "--z", "-1", "--w", "-2")
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout) == {"x": "0.5", "y": "3", "z": "1", "w": "0"}
    assert "f = 0.5" in result.stdout.splitlines()


def test_goodfellow_example():
    result = run("--example", "goodfellow")
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout) == {"x": "-2", "y": "-1"}
    lines = result.stdout.splitlines()
    # seed 004 calls the cost J; the summary keeps DESIGN.md's form, df/dx = ...
    assert lines[-3:] == ["f = J = 0.5", "df/dx = -2", "df/dy = -1"]
    assert "Backward 1/6: u_9 = mul(0.5, u_8), the output J" in lines
    assert "  grad_table[u_9] = dJ/dJ = 1: the dynamic program starts at J" in lines


def test_expr_with_a_node_used_twice_shows_both_terms():
    result = run("--expr", "x*x + y", "--set", "x=3", "--set", "y=1")
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout) == {"x": "6", "y": "1"}
    assert "from u_2 = mul(x, x), input 1: mul switches" in result.stdout
    assert "from u_2 = mul(x, x), input 2: mul switches" in result.stdout
    assert "sum: grad_table[x] = 3 + 3 = 6" in result.stdout


def test_svg_frames_one_valid_svg_per_step(tmp_path):
    frames = tmp_path / "frames"
    (tmp_path / "frames").mkdir()
    (frames / "99-backward-u9.svg").write_text("stale")  # left by an earlier, longer walk
    (frames / "notes.txt").write_text("mine")
    result = run("--svg-dir", str(frames))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in frames.glob("*.svg"))
    forward = [f"{k:02d}-forward-u{k}.svg" for k in range(1, 8)]
    backward = [f"{k + 7:02d}-backward-u{8 - k}.svg" for k in range(1, 8)]
    assert names == forward + backward
    assert (frames / "notes.txt").read_text() == "mine"
    for name in names:
        assert ET.parse(frames / name).getroot().tag == SVG
    # a backward frame shows the entries filled so far, and "?" for the rest
    assert "grad ?" in (frames / "09-backward-u6.svg").read_text()
    assert "grad ?" not in (frames / "14-backward-u1.svg").read_text()
    # and writes the local derivative on the edge its sum uses, and only there
    last = svg_texts((frames / "14-backward-u1.svg").read_text())
    assert [t for t in last if t.startswith("∂")] == ["∂u₃/∂x = -2"]
    assert not [t for t in svg_texts((frames / "07-forward-u7.svg").read_text()) if "∂" in t]


def test_html_holds_one_drawing_and_every_step_and_needs_no_network(tmp_path):
    page = tmp_path / "steps.html"
    result = run("--html", str(page), "--expr", "x*x + y", "--set", "x=3", "--set", "y=1")
    assert result.returncode == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    sections = re.findall(
        r'<section class="frame" data-phase="(\w+)" data-paint="([^"]*)">(.*?)</section>', text, re.S
    )
    assert [phase for phase, _, _ in sections] == ["forward"] * 4 + ["backward"] * 4
    assert text.count("<svg") == 1  # one drawing, recoloured for each step
    svg = text[text.index("<svg") : text.index("</svg>") + len("</svg>")]
    assert ET.fromstring(svg).tag == SVG
    paints = [json.loads(html.unescape(paint)) for _, paint, _ in sections]
    assert paints[4]["node"] == "v4" and paints[4]["grads"] == {"v4": "1"}  # f = u_4 first
    # x*x: grad_table[x] sums the two edges into u_2's mul, each with its local derivative 3
    last = paints[-1]
    assert last["node"] == "v1" and sorted(last["edges"]) == ["v1->v2op#0", "v1->v2op#1"]
    assert last["grads"] == {"v4": "1", "v3": "1", "v2": "1", "v1": "6"}
    assert svg_texts(svg).count("∂u₂/∂x = 3") == 2
    assert "df/dx = 6" in sections[-1][2] and "grad_table so far" not in text
    assert 'id="prev"' in text and 'id="next"' in text and "ArrowRight" in text
    for external in ("<link", "src=", "@import", "url(", "href="):
        assert external not in text


def test_html_page_names_no_address_to_fetch(tmp_path):
    page = tmp_path / "steps.html"
    assert run("--html", str(page)).returncode == 0
    text = page.read_text(encoding="utf-8")
    # an SVG's xmlns="http://www.w3.org/2000/svg" names its namespace; no browser fetches it
    without_namespaces = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", text)
    assert "http://" not in without_namespaces and "https://" not in without_namespaces


@pytest.mark.parametrize(
    "args, message",
    [
        (["--x", "abc"], "'abc' is not a number"),
        (["--w", "inf"], "not a finite number"),
        (["--expr", "x +"], "syntax error"),
        (["--expr", "__import__('os')"], "unknown function"),
        (["--expr", "x*q", "--set", "x=1"], "unknown name 'q'"),
        (["--expr", "x", "--set", "x=two"], "bad value 'two'"),
        (["--expr", "log(x)", "--set", "x=-1"], "log() needs a positive input"),
        (["--set", "x=1"], "add --expr"),
        (["--example", "goodfellow", "--z", "1"], "only x and y"),
        (["--example", "nope"], "invalid choice"),
        (["--expr", "x", "--example", "goodfellow"], "not both"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


def test_unwritable_output_is_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("--svg-dir", str(blocker / "frames"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    # a file where the folder should be is found before any work, as for --html
    result = run("--svg-dir", str(blocker))
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr
    assert blocker.read_text() == ""


def test_closed_pipe_is_quiet():
    process = subprocess.Popen(
        [sys.executable, "-m", "demos.step_through", "--expr", "x" + "+x" * 300, "--set", "x=1",
         "--max-nodes", "1000"],  # fmt: skip
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in stderr


# -- interactive stepping, in-process with a pretend terminal -----------------------------


def _keys(monkeypatch, keys):
    """Press ``keys`` (the pager's names for them) in turn; an exception in the list is raised."""

    def pressed():
        for key in keys:
            if isinstance(key, BaseException):
                raise key
            yield key

    for stream in (sys.stdin, sys.stdout):  # a pretend terminal: the demo waits for keys
        monkeypatch.setattr(stream, "isatty", lambda: True)
    monkeypatch.setattr(pager, "keys", pressed)


def test_next_steps_forward_back_goes_back_q_quits(monkeypatch, capsys):
    _keys(monkeypatch, ["next", "next", "back", "'x'", "quit"])
    assert step_through.main([]) == 0
    out = capsys.readouterr().out
    shown = re.findall(r"^(Forward \d/7)", out, re.M)
    assert shown == ["Forward 1/7", "Forward 2/7", "Forward 3/7", "Forward 2/7"]
    assert "unknown key 'x'" in out
    assert "df/dx" not in out  # q leaves without the summary


def test_next_to_the_end_prints_the_summary(monkeypatch, capsys):
    _keys(monkeypatch, ["back"] + ["next"] * 14)
    assert step_through.main([]) == 0
    out = capsys.readouterr().out
    assert "this is the first step" in out
    assert out.rstrip().splitlines()[-4:] == ["df/dx = -2", "df/dy = 2", "df/dz = 0", "df/dw = 1"]


def test_eof_and_ctrl_c_leave_quietly(monkeypatch, capsys):
    _keys(monkeypatch, ["next", "end"])
    assert step_through.main([]) == 0
    _keys(monkeypatch, [KeyboardInterrupt()])
    monkeypatch.setattr(sys, "argv", ["step_through"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("demos.step_through", run_name="__main__")  # python -m demos.step_through
    assert exit_.value.code == 130


def test_piped_keys_are_read_a_line_at_a_time(monkeypatch):
    answers = iter(["", "b", "q", "zz"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    assert list(itertools.islice(pager._line_keys(), 4)) == ["next", "back", "quit", "'zz'"]


def test_too_large_to_draw_is_a_message(tmp_path):
    page = tmp_path / "page.html"
    result = run("--expr", "x" + "+x" * 600, "--set", "x=1", "--html", str(page), "--max-nodes", "2000")
    assert result.returncode == 2
    assert "too many to draw" in result.stderr and "Traceback" not in result.stderr
    assert not page.exists()


def test_readme_excerpt_is_real_output():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("the run ends with the gradients:") :]
    excerpt = section[section.index("```\n") + 4 :]
    excerpt = excerpt[: excerpt.index("```")]
    assert "Backward 6/7" in excerpt and "df/dw = 1" in excerpt
    out = run("--no-pause").stdout
    for line in excerpt.splitlines():
        if line != "...":
            assert line in out.splitlines(), line


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_stepping_on_a_real_terminal():
    """Under a pseudo-terminal, single keys as a lecturer presses them: Enter, →, ←, b, Space,
    q, each acting at once with no Enter after it."""
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "demos.step_through"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        close_fds=True,
    )
    os.close(terminal)
    seen = b""

    def read_until_prompt():
        nonlocal seen
        start = len(seen)
        while seen.count(b"q quit] ", start) == 0:
            ready, _, _ = select.select([controller], [], [], 60)
            assert ready, seen.decode(errors="replace")
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the program has exited
                break
            if not chunk:
                break
            seen += chunk
        return seen[start:].decode(errors="replace")

    try:
        pages = [read_until_prompt()]
        for key in (b"\r", b"\x1b[C", b"\x1b[D", b"b", b" "):
            os.write(controller, key)
            pages.append(read_until_prompt())
        os.write(controller, b"q")
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    shown = [re.search(r"Forward \d/7", page).group(0) for page in pages]
    assert shown == ["Forward 1/7", "Forward 2/7", "Forward 3/7", "Forward 2/7", "Forward 1/7",
                     "Forward 2/7"]  # fmt: skip
    assert "Traceback" not in seen.decode(errors="replace")


def test_an_engine_error_in_backward_is_one_line_with_status_1():
    result = run("--expr", "x**0.5", "--set", "x=0", "--no-pause")
    assert result.returncode == 1
    assert result.stderr == (
        "python -m demos.step_through: the derivative of x ** 0.5 (u_3) is infinite at x = 0\n"
    )


@pytest.mark.parametrize("name, words", [("pipe.html", "not a regular file"),
                                         ("steps.txt", "must end in .html or .htm")])  # fmt: skip
def test_html_goes_only_into_an_html_file(tmp_path, name, words):
    target = tmp_path / name
    if name == "pipe.html":
        os.mkfifo(target)
    result = run("--html", str(target), "--no-pause")
    assert result.returncode == 2 and words in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


def test_a_graph_too_big_to_follow_is_refused_at_once():
    expr = " + ".join(f"x{i}*x{i}" for i in range(150))
    sets = [f"--set=x{i}=1" for i in range(150)]
    result = run("--expr", expr, *sets, "--no-pause")
    assert result.returncode == 2 and result.stdout == ""
    assert "the graph has 449 nodes, more than --max-nodes 200" in result.stderr
    assert run("--expr", expr, *sets, "--no-pause", "--max-nodes", "449").returncode == 0
