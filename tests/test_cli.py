"""The demos' shared command-line pieces: one-line errors and a clean exit."""

import argparse

import pytest

from demos import _cli


def exit_of(main, capsys):
    with pytest.raises(SystemExit) as info:
        _cli.run(main, "python -m demos.thing")
    return info.value.code, capsys.readouterr()


def test_the_status_of_main_is_the_exit_status(capsys):
    assert exit_of(lambda: 0, capsys)[0] == 0
    assert exit_of(lambda: 3, capsys)[0] == 3


def test_an_engine_error_is_one_line_and_status_1(capsys):
    def main():
        raise OverflowError("exp() overflows for input 800")

    status, out = exit_of(main, capsys)
    assert status == 1 and out.err == "python -m demos.thing: exp() overflows for input 800\n"


def test_a_bug_is_one_line_asking_for_a_report(capsys, monkeypatch):
    def main():
        raise KeyError("oops")

    monkeypatch.delenv("GRADTABLE_DEBUG", raising=False)
    status, out = exit_of(main, capsys)
    assert status == 1 and len(out.err.splitlines()) == 1
    assert "unexpected KeyError" in out.err and "Please report this" in out.err
    monkeypatch.setenv("GRADTABLE_DEBUG", "1")
    with pytest.raises(KeyError):
        _cli.run(main, "python -m demos.thing")


def test_ctrl_c_exits_130(capsys):
    def main():
        raise KeyboardInterrupt

    assert exit_of(main, capsys)[0] == 130


@pytest.mark.parametrize("text", ["²", "1" * 5000, "-1", "3.0", "", "١٢"])
def test_whole_numbers_are_ascii_digits_within_bounds(text):
    with pytest.raises(argparse.ArgumentTypeError, match="must be a whole number from 0 to 10"):
        _cli.whole_number(0, 10)(text)


@pytest.mark.parametrize("text", ["５", "١٫٥", "1e3\u00a0", "0.５"])
def test_numbers_are_ascii_as_whole_numbers_are(text):
    with pytest.raises(argparse.ArgumentTypeError, match="is not a number"):
        _cli.number(text)
    assert _cli.number(" 1e-3 ") == 0.001  # what float reads in ASCII, spaces and all


def test_a_value_that_starts_with_a_minus_is_a_value_not_a_flag():
    parser = _cli.Parser(prog="demo")
    parser.add_argument("--expr")
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(["--expr", "-x*y", "--set", "x=1", "--quiet"])
    assert args.expr == "-x*y" and args.set == ["x=1"] and args.quiet
    assert parser.parse_args(["--expr", "-2"]).expr == "-2"
    with pytest.raises(SystemExit):  # a flag right after --expr is still a flag: the value is missing
        parser.parse_args(["--expr", "--quiet"])
