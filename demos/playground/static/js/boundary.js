// The output's heat map over the plane with the data points on it: training points ringed
// in white, test points in black, the selected sample in a large black ring.

import { labelColor } from "./colors.js";
import { paint } from "./heatmap.js";

const EXTENT = 6; // the plane is [-6, 6] in both coordinates (docs/playground-api.md)

export class Boundary {
  constructor(canvas) {
    this.canvas = canvas;
  }

  /**
   * Draw `map` (the frame's output heat map, `size` cells a side) and the points of `data`.
   * `scale`: the distance from the map's centre drawn at full colour.
   */
  draw(map, size, data, { showTest, discretise, selected, scale }) {
    const canvas = this.canvas;
    const pixels = Math.round(canvas.clientWidth * devicePixelRatio);
    if (pixels > 0 && canvas.width !== pixels) canvas.width = canvas.height = pixels;
    const context = canvas.getContext("2d");
    if (map) paint(canvas, map, size, { scale, discrete: discretise });
    else context.clearRect(0, 0, canvas.width, canvas.height);
    if (!data) return;
    const radius = canvas.width / 75;
    const dot = (x1, x2, label, ring, r) => {
      context.beginPath();
      context.arc(...this.toCanvas(x1, x2), r, 0, 2 * Math.PI);
      context.fillStyle = labelColor(label, data.problem);
      context.fill();
      context.lineWidth = radius / 2.5;
      context.strokeStyle = ring;
      context.stroke();
    };
    if (showTest) for (const [x1, x2, label] of data.test) dot(x1, x2, label, "black", radius);
    for (const [x1, x2, label] of data.train) dot(x1, x2, label, "white", radius);
    const point = data.train[selected];
    if (point) {
      dot(...point, "white", radius * 1.6);
      context.beginPath();
      context.arc(...this.toCanvas(point[0], point[1]), radius * 3, 0, 2 * Math.PI);
      context.lineWidth = radius * 0.8;
      context.strokeStyle = "black";
      context.stroke();
    }
  }

  toCanvas(x1, x2) {
    const w = this.canvas.width;
    return [((x1 + EXTENT) / (2 * EXTENT)) * w, ((EXTENT - x2) / (2 * EXTENT)) * w];
  }

  /** The index of the training point of `data` nearest to where `event` clicked. */
  nearest(event, data) {
    const box = this.canvas.getBoundingClientRect();
    const scale = this.canvas.width / box.width;
    const x = (event.clientX - box.left) * scale, y = (event.clientY - box.top) * scale;
    let best = null, bestDistance = Infinity;
    data.train.forEach(([x1, x2], k) => {
      const [px, py] = this.toCanvas(x1, x2);
      const distance = (px - x) ** 2 + (py - y) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    });
    return best;
  }
}
