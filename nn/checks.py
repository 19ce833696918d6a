"""Argument checks shared across ``nn``: each raises an error naming the argument and what
is allowed, or returns the value unchanged."""

import math
import numbers


MAX_PARAMETERS = 100_000
"""The most parameters a model may have, built or read from a file. A scalar engine keeps
one Python object per parameter and records a node per multiply: a larger model would
take minutes per training step, and its file would be refused when read back."""


def few_enough_parameters(count):
    """``count`` if a model may have that many parameters, else a ValueError."""
    if count > MAX_PARAMETERS:
        raise ValueError(
            f"a model of {count:,} parameters is too large for gradtable "
            f"(at most {MAX_PARAMETERS:,}: a scalar engine holds one object per parameter)"
        )
    return count


def positive_int(name, n):
    """``n`` if it is an int >= 1 (not a bool), else a ValueError."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")
    return n


def positive_number(name, x):
    """``x`` if it is a finite real number > 0 (not a bool), else a ValueError."""
    ok = isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)
    if not ok or x <= 0:
        raise ValueError(f"{name} must be a number > 0, got {x!r}")
    return x


def fraction(name, x):
    """``x`` if it is a real number in [0, 1), else a ValueError."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not 0 <= x < 1:
        raise ValueError(f"{name} must be in [0, 1), got {x!r}")
    return x


def one_of(name, x, choices):
    """``x`` if it is one of ``choices``, else a ValueError listing them."""
    if x not in choices:
        raise ValueError(f"unknown {name} {x!r}; choose one of: {', '.join(choices)}")
    return x
