"""How a number is written for people: the one formatter of everything gradtable displays."""


def format_number(x, digits=4):
    """``x`` to ``digits`` significant digits, as %g prints it: 2.98093 -> '2.981'; -0.0 -> '0'.

    Drawings use 4 digits; ``format_number(x, 6)`` is exactly Python's ``"%g" % x``.
    """
    text = f"{x:.{digits}g}"
    return "0" if text == "-0" else text
