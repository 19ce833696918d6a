// The page's colours, as TensorFlow Playground has them: blue for positive, orange for negative,
// white at the centre of a heat map.

const POSITIVE = [8, 119, 189];
const NEGATIVE = [245, 147, 34];
const WHITE = [255, 255, 255];

/** [r, g, b] for t in [-1, 1]: orange at -1, white at 0, blue at +1 (t is clamped). */
export function diverging(t) {
  const s = Math.max(-1, Math.min(1, t));
  const end = s < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(s);
  return WHITE.map((w, k) => Math.round(w + (end[k] - w) * a));
}

export function css([r, g, b]) {
  return `rgb(${r}, ${g}, ${b})`;
}

/** A data point's fill: a class (0 or 1), or a regression label in [-1, 1]. */
export function labelColor(label, problem) {
  return css(problem === "regression" ? diverging(label) : label > 0.5 ? POSITIVE : NEGATIVE);
}

/** Each lens draws its sign with its own pair of colours, so a change of lens shows. */
export const LENS_COLORS = {
  weight: { positive: css(POSITIVE), negative: css(NEGATIVE) },
  gradient: { positive: "rgb(142, 68, 173)", negative: "rgb(22, 160, 133)" },
  update: { positive: "rgb(4, 60, 120)", negative: "rgb(190, 90, 0)" },
};

export const ZERO_EDGE = "rgb(190, 190, 190)";
