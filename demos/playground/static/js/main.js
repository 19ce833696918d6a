// The entry module: finds the page's parts, joins them to the Playground, and starts it.

import { Playground } from "./app.js";
import { Boundary } from "./boundary.js";
import { Controls, bindKeys } from "./controls.js";
import { Edges, drawLegend } from "./edges.js";
import { bindFontSize } from "./fontsize.js";
import { GraphPanel } from "./graph-panel.js";
import { drawLossCurve } from "./loss-curve.js";
import { Messages } from "./messages.js";
import { NetworkView } from "./network-view.js";
import { placeTooltip } from "./neuron-info.js";
import { httpTransport } from "./transport.js";

const $ = (selector) => document.querySelector(selector);
const test = (name) => $(`[data-test="${name}"]`);
const role = (name) => $(`[data-role="${name}"]`);

let app = null; // the handlers below run only after it is made
const diagram = role("diagram");
const network = new NetworkView(diagram, {
  onFeature: (name) => app.toggleFeature(name),
  onNeurons: (layer, change) => app.changeHidden(layer, change),
  onHover: (canvas, layer, index) => app.hover(canvas, layer, index),
});
const edges = new Edges(role("edges"), diagram);
const boundary = new Boundary(test("boundary"));

app = new Playground(httpTransport(), {
  controls: new Controls(document, {
    onChange: (part, values) => app.change(part, values),
    onInvalid: (message) => app.refuse(message),
  }),
  messages: new Messages(test("error"), role("notice")),
  network,
  edges,
  boundary,
  graph: new GraphPanel(test("graph")),
  epoch: test("epoch"),
  lossTrain: test("loss-train"),
  lossTest: test("loss-test"),
  play: test("play"),
  problem: role("problem"),
  sampleAbout: role("sample-about"),
  backpropText: test("backprop-text"),
  gradcheckResult: test("gradcheck-result"),
  drawLossCurve: (history) => drawLossCurve(role("loss-curve"), history),
  layout: () => edges.layout(network.units()),
  legend: (net, lens) => drawLegend(role("legend"), net, lens),
  tooltip: (canvas, text) => placeTooltip(role("tooltip"), canvas, text),
});

test("play").addEventListener("click", () => app.togglePlay());
test("step").addEventListener("click", () => app.step());
test("reset").addEventListener("click", () => app.reset());
test("backprop-next").addEventListener("click", () => app.backpropNext());
test("gradcheck").addEventListener("click", () => app.gradcheck());
role("save").addEventListener("click", () => app.save());
role("load").addEventListener("change", (event) => {
  const [file] = event.target.files;
  event.target.value = "";
  if (file) app.load(file);
});
for (const button of document.querySelectorAll("[data-layers]")) {
  button.addEventListener("click", () => app.changeHidden(null, Number(button.dataset.layers)));
}
test("boundary").addEventListener("click", (event) => {
  if (app.data) app.select(boundary.nearest(event, app.data));
});
bindKeys({ onPlay: () => app.togglePlay(), onStep: () => app.step() });
// ours use replaceState: no event. The new hash is the event's, not location's: an answer
// that arrives before the event is handled may already have written the old settings back.
window.addEventListener("hashchange", (event) => app.followHash(new URL(event.newURL).hash));
bindFontSize(document, () => app.relayout());
new ResizeObserver(() => app.relayout()).observe(diagram);

app.start();
