// The loss curve: train and test loss against the epoch, from the frames' history.

import { formatG } from "./format.js";

const TRAIN = "rgb(30, 30, 30)";
const TEST = "rgb(200, 110, 0)";
const LABEL = "rgb(90, 90, 90)";

/** Draw `history` ([epoch, train loss, test loss] entries) on `canvas`, from 0 up to its largest loss. */
export function drawLossCurve(canvas, history) {
  const width = Math.round(canvas.clientWidth * devicePixelRatio);
  const height = Math.round(canvas.clientHeight * devicePixelRatio);
  if (width > 0 && (canvas.width !== width || canvas.height !== height)) {
    [canvas.width, canvas.height] = [width, height];
  }
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  const finite = history.filter((e) => Number.isFinite(e[1]) && Number.isFinite(e[2]));
  if (finite.length === 0) return;
  const first = finite[0][0], last = Math.max(finite[finite.length - 1][0], first + 1);
  const top = Math.max(...finite.map((e) => Math.max(e[1], e[2]))) || 1;
  const pad = 2 * devicePixelRatio;
  const text = Math.round(canvas.height / 6); // the labels' size; the top label has a row of its own
  const x = (epoch) => pad + ((epoch - first) / (last - first)) * (canvas.width - 2 * pad);
  const y = (loss) => canvas.height - pad - (loss / top) * (canvas.height - 2 * pad - text);
  for (const [column, color] of [[2, TEST], [1, TRAIN]]) {
    context.beginPath();
    finite.forEach((entry, k) => context[k ? "lineTo" : "moveTo"](x(entry[0]), y(entry[column])));
    context.lineWidth = 2 * devicePixelRatio;
    context.strokeStyle = color;
    context.stroke();
  }
  context.font = `${text}px sans-serif`;
  context.fillStyle = LABEL;
  context.textAlign = "left";
  context.textBaseline = "top";
  context.fillText(`loss ${formatG(top, 3)}`, 2 * pad, pad);
  context.textAlign = "right";
  context.textBaseline = "bottom";
  context.fillText(`epoch ${finite[finite.length - 1][0]}`, canvas.width - 2 * pad, canvas.height - pad);
}
