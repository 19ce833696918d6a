// Numbers on display: the same texts as the server's drawings (autograd.render.format_number).
// The server sends a number that is not finite (a model that diverged) as null: shown as a dash.

const NOT_FINITE = "\u2014";

/** `x` to `digits` significant digits as Python's %g prints it: 2.98093 -> "2.981", 1e-5 -> "1e-05". */
export function formatG(x, digits = 4) {
  if (x === null) return NOT_FINITE;
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const exponent = Number(x.toExponential(digits - 1).split("e")[1]);
  if (exponent < -4 || exponent >= digits) {
    const [mantissa, power] = x.toExponential(digits - 1).split("e");
    const sign = power[0] === "-" ? "-" : "+";
    const magnitude = power.replace(/^[+-]/, "").padStart(2, "0");
    return `${stripZeros(mantissa)}e${sign}${magnitude}`;
  }
  const text = stripZeros(x.toFixed(Math.max(0, digits - 1 - exponent)));
  return text === "-0" ? "0" : text;
}

/** `x` as a plain decimal with 4 significant digits, never in exponent form: 0.000123 -> "0.0001230". */
export function formatDecimal(x, digits = 4) {
  if (x === null) return NOT_FINITE;
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0.000";
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  return x.toFixed(Math.min(20, Math.max(0, digits - 1 - exponent)));
}

function stripZeros(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
