// The network diagram's units: a column of feature toggles, a column of neurons per hidden
// layer (each a heat-map canvas with +/- buttons above), and the output. It draws the heat
// maps and tells the page when a unit is clicked or hovered.

import { paint } from "./heatmap.js";

export class NetworkView {
  /** `root` holds the [data-role=features] and [data-role=layers] columns and the boundary. */
  constructor(root, { onFeature, onNeurons, onHover }) {
    this.features = [...root.querySelectorAll("[data-feature]")];
    this.layers = root.querySelector("[data-role=layers]");
    this.output = root.querySelector("[data-test=boundary]");
    this.neurons = []; // per hidden layer, its canvases
    this.active = [];
    for (const button of this.features) {
      button.addEventListener("click", () => onFeature(button.dataset.feature));
    }
    this.layers.addEventListener("click", (event) => {
      const button = event.target.closest("[data-neurons]");
      if (button) onNeurons(Number(button.dataset.layer), Number(button.dataset.neurons));
    });
    this.layers.addEventListener("pointerover", (event) => {
      const canvas = event.target.closest("[data-test=neuron]");
      if (canvas) onHover(canvas, Number(canvas.dataset.layer), Number(canvas.dataset.index));
    });
    this.layers.addEventListener("pointerout", (event) => {
      if (event.target.closest("[data-test=neuron]")) onHover(null);
    });
  }

  /** Show the features in `active` as on, and one column of `sizes[l]` neurons per hidden layer. */
  build(active, sizes) {
    this.active = active;
    for (const button of this.features) {
      const on = active.includes(button.dataset.feature);
      button.classList.toggle("on", on);
      button.setAttribute("aria-pressed", String(on));
      if (!on) clear(button.querySelector("canvas"));
    }
    const shape = sizes.join(",");
    if (this.layers.dataset.shape === shape && this.layers.childElementCount === sizes.length) return;
    this.layers.dataset.shape = shape;
    this.layers.replaceChildren(...sizes.map((size, l) => column(size, l)));
    this.neurons = [...this.layers.children].map((c) => [...c.querySelectorAll("canvas")]);
  }

  /**
   * Paint the heat maps of a frame's `heatmaps` on the features and neurons. The features'
   * maps are the active features' (or every feature's, when the server sends them all).
   */
  paint(heatmaps) {
    const featureCanvases =
      heatmaps.features.length === this.features.length
        ? this.features.map((button) => button.querySelector("canvas"))
        : this.activeFeatureCanvases();
    heatmaps.features.forEach((map, k) => {
      if (featureCanvases[k]) paint(featureCanvases[k], map, heatmaps.size);
    });
    heatmaps.neurons.forEach((maps, l) =>
      maps.forEach((map, j) => {
        const canvas = this.neurons[l]?.[j];
        if (canvas) paint(canvas, map, heatmaps.size);
      }),
    );
  }

  activeFeatureCanvases() {
    return this.features
      .filter((button) => this.active.includes(button.dataset.feature))
      .map((button) => button.querySelector("canvas"));
  }

  /** The units as the edges join them: features, each hidden layer, then the output. */
  units() {
    return [this.activeFeatureCanvases(), ...this.neurons, [this.output]];
  }
}

function column(size, l) {
  const layer = document.createElement("div");
  layer.className = "column layer";
  const head = document.createElement("div");
  head.className = "layer-head";
  head.append(
    button("+", l, 1, "Add a neuron to this layer"),
    button("\u2212", l, -1, "Remove a neuron from this layer"),
  );
  const caption = document.createElement("span");
  caption.textContent = `${size} neuron${size === 1 ? "" : "s"}`;
  const units = document.createElement("div");
  units.className = "units";
  for (let j = 0; j < size; j++) {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 50;
    Object.assign(canvas.dataset, { test: "neuron", layer: l, index: j });
    canvas.className = "unit";
    units.append(canvas);
  }
  layer.append(head, caption, units);
  return layer;
}

function button(text, layer, change, title) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.title = title;
  Object.assign(b.dataset, { layer, neurons: change });
  return b;
}

function clear(canvas) {
  canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
}
