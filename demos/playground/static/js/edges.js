// The edges between units, drawn as SVG curves behind them. The lens picks what an edge
// shows: the weight w, its gradient dL/dw, or its last update; the colour is the sign, the
// width the size.

import { LENS_COLORS, ZERO_EDGE } from "./colors.js";
import { formatG } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const THINNEST = 1;
const THICKEST = 9;
const WEIGHT_AT_THICKEST = 3; // |w| drawn at full width; gradients and updates are scaled to their largest

/** The numbers an edge shows through `lens`, shaped as `network.weights`. */
function shown(network, lens) {
  return { weight: network.weights, gradient: network.grads, update: network.updates }[lens];
}

export class Edges {
  constructor(svg, diagram) {
    this.svg = svg;
    this.diagram = diagram;
    this.paths = []; // paths[l][j][i]: the edge into neuron j of layer l+1 from unit i of layer l
  }

  /** Lay the curves out between `units` (per layer, its elements; see NetworkView.units). */
  layout(units) {
    const box = this.diagram.getBoundingClientRect();
    this.svg.setAttribute("width", box.width);
    this.svg.setAttribute("height", box.height);
    const right = (e) => anchor(e, box, 1);
    const left = (e) => anchor(e, box, 0);
    const all = [], paths = [];
    for (let l = 0; l + 1 < units.length; l++) {
      paths.push(
        units[l + 1].map((to, j) =>
          units[l].map((from, i) => {
            const path = document.createElementNS(SVG, "path");
            path.setAttribute("d", curve(right(from), left(to)));
            path.dataset.edge = `${l}.${j}.${i}`;
            path.append(document.createElementNS(SVG, "title"));
            all.push(path);
            return path;
          }),
        ),
      );
    }
    this.paths = paths;
    this.svg.replaceChildren(...all);
  }

  /** Colour and size every edge for `network` (a frame's) as seen through `lens`. */
  draw(network, lens) {
    const values = shown(network, lens);
    const colors = LENS_COLORS[lens];
    const largest = Math.max(0, ...values.flat(2).map(Math.abs));
    const reach = lens === "weight" ? WEIGHT_AT_THICKEST : largest;
    this.paths.forEach((layer, l) =>
      layer.forEach((row, j) =>
        row.forEach((path, i) => {
          const v = values[l]?.[j]?.[i] ?? 0;
          const size = reach > 0 ? Math.min(Math.abs(v) / reach, 1) : 0;
          path.setAttribute("stroke", v > 0 ? colors.positive : v < 0 ? colors.negative : ZERO_EDGE);
          path.setAttribute("stroke-width", (THINNEST + (THICKEST - THINNEST) * size).toFixed(2));
          path.firstChild.textContent =
            `w = ${formatG(network.weights[l][j][i])}, \u2202L/\u2202w = ${formatG(network.grads[l][j][i])}, ` +
            `last update ${formatG(network.updates[l][j][i])}`;
        }),
      ),
    );
  }
}

/** The middle of `element`'s left (side 0) or right (side 1) edge, in `box`'s coordinates. */
function anchor(element, box, side) {
  const r = element.getBoundingClientRect();
  return [r.left - box.left + side * r.width, r.top - box.top + r.height / 2];
}

function curve([x1, y1], [x2, y2]) {
  const mx = (x1 + x2) / 2;
  return `M${x1.toFixed(1)},${y1.toFixed(1)} C${mx.toFixed(1)},${y1.toFixed(1)} ${mx.toFixed(1)},${y2.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

/** Write into `element` what the edges show through `lens`, and their colours. */
export function drawLegend(element, network, lens) {
  const colors = LENS_COLORS[lens];
  const largest = Math.max(0, ...shown(network, lens).flat(2).map(Math.abs));
  element.replaceChildren(
    swatch(colors.positive, "> 0"), " ", swatch(colors.negative, "< 0"),
    lens === "weight" ? "; width |w|" : `; width relative to the largest, ${formatG(largest, 2)}`,
  );
}

function swatch(color, text) {
  const span = document.createElement("span");
  span.style.color = color;
  span.className = "swatch";
  span.textContent = `\u25a0 ${text}`;
  return span;
}
