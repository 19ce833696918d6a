// The page's state and what the user can do: every action goes through the transport, and
// every answer (configuration, data, frame) is handed to the views that draw it.

import { VIEW_DEFAULTS } from "./fields.js";
import { formatDecimal } from "./format.js";
import { LossHistory } from "./history.js";
import { SelectedSample } from "./sample.js";
import { Session, sendTaken } from "./session.js";
import { readHash, writeHash } from "./urlstate.js";

export class Playground {
  /** `views`: the page's parts (see main.js); `transport`: see transport.js. */
  constructor(transport, views) {
    this.transport = transport;
    this.v = views;
    this.config = {};
    this.view = { ...VIEW_DEFAULTS };
    this.data = null;
    this.frame = null;
    this.heatmaps = null;
    this.history = new LossHistory();
    this.sample = new SelectedSample(transport, views);
    this.session = new Session(transport, views.messages, {
      applyState: (answer) => this.applyState(answer),
      applyFrame: (frame) => this.applyFrame(frame),
      frameQuery: () => ({ historyFrom: this.history.next, heatmaps: this.heatmaps?.version ?? -1 }),
      config: () => this.config,
      playing: () => Boolean(this.frame?.playing),
      undo: () => this.undo(),
    });
    this.restarts = 0; // counts returns to epoch 0 (reset, configure, load, a new session)
    this.shownTrainingError = null;
    this.hovered = null;
  }

  /** Open a session with the URL's configuration and view; then the frames come. */
  async start() {
    const { config, view, problems } = readHash();
    Object.assign(this.view, view);
    problems.push(...(await this.session.start(config)));
    if (problems.length) this.v.messages.error(`The URL's settings were not all used: ${problems.join("; ")}`);
  }

  /** A URL with another `hash` was opened in this tab (no reload): its settings apply, the
   * others are the defaults, as when the page opens with it. */
  async followHash(hash) {
    const { config, view, problems } = readHash(hash);
    this.view = { ...VIEW_DEFAULTS, ...view };
    const configure = (taken) => this.transport.configure(taken, true);
    await this.act(async () => this.applyState(await sendTaken(configure, config, problems)));
    if (problems.length) this.v.messages.error(`The URL's settings were not all used: ${problems.join("; ")}`);
  }

  act(action) {
    return this.session.act(action);
  }

  fail(error) {
    this.session.fail(error);
  }

  /** What was typed cannot be read: say why, and show the configuration again. */
  refuse(message) {
    this.fail(new Error(message));
    this.undo();
  }

  /** The controls show the configuration and view again, over what was typed. */
  undo() {
    this.v.controls.show(this.config, this.view, true);
  }

  // -- what the user does -------------------------------------------------------------------

  /** A control changed: `part` is "config" or "view", `values` its field. */
  change(part, values) {
    if (part === "config") return this.configure(values);
    if ("sample" in values) {
      if (values.sample !== null) return this.select(values.sample);
    } else Object.assign(this.view, values);
    this.v.messages.clear("user");
    this.showView();
  }

  /** Change the configuration: `values`, or what `values()` makes of the configuration then. */
  configure(values) {
    return this.act(async () => {
      const changes = typeof values === "function" ? values(this.config) : values;
      await this.applyState(await this.transport.configure(changes));
    });
  }

  toggleFeature(name) {
    return this.configure(({ features }) => ({
      features: this.v.network.features
        .map((button) => button.dataset.feature)
        .filter((f) => (f === name) !== features.includes(f)),
    }));
  }

  /** Add `change` neurons to hidden layer `layer`; with `layer` null, add a layer of 2 or drop the last. */
  changeHidden(layer, change) {
    return this.configure((config) => {
      const hidden = [...config.hidden];
      if (layer !== null) hidden[layer] += change;
      else if (change > 0) hidden.push(2);
      else hidden.pop();
      return { hidden };
    });
  }

  togglePlay() {
    return this.act(async () => this.applyFrame((await this.transport.play(!this.frame?.playing)).frame));
  }

  step() {
    return this.act(async () => this.applyFrame((await this.transport.step()).frame));
  }

  reset() {
    return this.act(async () => {
      const { frame } = await this.transport.reset();
      this.restart();
      this.applyFrame(frame);
    });
  }

  select(index) {
    return this.act(() => this.selectNow(index));
  }

  async selectNow(index) {
    await this.sample.select(index);
    this.view.sample = index;
    this.showView();
  }

  /** Backprop and the gradient check need a sample: training point 0 when none is selected. */
  async ensureSample() {
    if (this.sample.index !== null) return;
    await this.selectNow(0);
    this.v.messages.notice("Selected training point 0; click another point to see its graph instead.");
  }

  backpropNext() {
    return this.act(async () => {
      await this.ensureSample();
      await this.sample.nextStep(`${this.restarts}.${this.frame.epoch}`);
    });
  }

  gradcheck() {
    return this.act(async () => {
      await this.ensureSample();
      await this.sample.gradcheck();
    });
  }

  save() {
    return this.act(async () => {
      const model = await this.transport.model();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(model)], { type: "application/json" }));
      link.download = `gradtable-${this.config.dataset}-epoch${this.frame.epoch}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    });
  }

  load(file) {
    return this.act(async () => {
      let model;
      try {
        model = JSON.parse(await file.text());
      } catch (error) {
        throw new Error(`model: ${file.name} is not a JSON file (${error.message}); nothing was changed`);
      }
      await this.applyState(await this.transport.load(model));
    });
  }

  hover(canvas, layer, index) {
    this.hovered = canvas ? { canvas, layer, index } : null;
    this.showTooltip();
  }

  // -- answers to views ---------------------------------------------------------------------

  /** A configuration, its data and a frame (a new session, a configure, a load): epoch 0. */
  async applyState({ config, data, frame }) {
    this.config = config;
    this.data = data;
    this.heatmaps = null;
    this.restart();
    this.v.controls.show(config, this.view);
    this.v.controls.control("output").disabled = data.problem === "regression";
    this.v.problem.textContent =
      data.problem === "regression"
        ? "Regression: a linear output, squared error; colour shows the value"
        : "Classification: blue is 1, orange is 0";
    // the server forgets the sample with the old configuration; select it again if it still is one
    const wanted = this.view.sample;
    this.sample.clear();
    this.view.sample = null;
    this.v.network.build(config.features, config.hidden);
    this.v.layout();
    this.applyFrame(frame);
    if (wanted !== null && wanted < data.train.length) await this.selectNow(wanted);
    else this.showView();
    if (wanted !== null && wanted >= data.train.length) {
      const n = data.train.length;
      this.v.messages.notice(`Sample ${wanted} is not a training point (there are ${n}, 0 to ${n - 1}), so none is selected.`);
    }
  }

  restart() {
    this.restarts++;
    this.history.clear();
    this.shownTrainingError = null;
    this.sample.forgetSteps();
  }

  applyFrame(frame) {
    this.frame = frame;
    this.v.epoch.textContent = String(frame.epoch);
    this.v.lossTrain.textContent = formatDecimal(frame.loss.train);
    this.v.lossTest.textContent = formatDecimal(frame.loss.test);
    this.v.play.textContent = frame.playing ? "\u275a\u275a Pause" : "\u25b6 Play";
    this.v.play.classList.toggle("playing", frame.playing);
    this.history.merge(frame.history);
    this.v.drawLossCurve(this.history.entries);
    if (frame.heatmaps) {
      this.heatmaps = frame.heatmaps;
      this.v.network.paint(frame.heatmaps);
    }
    this.sample.update(frame.sample);
    this.draw();
    if (frame.error && frame.error !== this.shownTrainingError) this.v.messages.error(frame.error);
    this.shownTrainingError = frame.error;
  }

  /** The view settings changed: the controls, the URL and the drawings show them. */
  showView() {
    this.v.controls.show(this.config, this.view);
    writeHash(this.config, this.view);
    this.draw();
  }

  /** Lay the edges out again (the diagram's shape or size changed) and redraw. */
  relayout() {
    this.v.layout();
    this.draw();
  }

  draw() {
    if (!this.frame) return;
    this.v.edges.draw(this.frame.network, this.view.lens);
    this.v.legend(this.frame.network, this.view.lens);
    const map = this.heatmaps?.output;
    this.v.boundary.draw(map, this.heatmaps?.size, this.data, {
      showTest: this.view.show_test,
      discretise: this.view.discretise,
      selected: this.sample.index,
      scale: map?.center === 0.5 ? 0.5 : 1, // the output's whole range: sigmoid 0..1, else -1..1
    });
    this.showTooltip();
  }

  showTooltip() {
    const h = this.hovered;
    if (!h || !h.canvas.isConnected) return this.v.tooltip(null);
    this.v.tooltip(h.canvas, this.sample.describe(h.layer, h.index).join("\n"));
  }
}
