// The page's state and what the user can do: every action goes through the transport, and
// every answer (configuration, data, frame, sample) is handed to the views that draw it.

import { VIEW_DEFAULTS } from "./fields.js";
import { formatDecimal, formatG } from "./format.js";
import { describeNeuron } from "./neuron-info.js";
import { readHash, writeHash } from "./urlstate.js";

const POLL_PLAYING = 100; // ms between frames while training
const POLL_PAUSED = 1000; // ms between frames while paused: how the page notices the server gone
const HISTORY_KEPT = 2000; // past this, the loss curve keeps every other entry

export class Playground {
  /** `views`: the page's parts (see main.js); `transport`: see transport.js. */
  constructor(transport, views) {
    this.transport = transport;
    this.v = views;
    this.config = {};
    this.view = { ...VIEW_DEFAULTS };
    this.data = null;
    this.frame = null;
    this.history = [];
    this.heatmaps = null;
    this.sample = null; // the selected sample's answer from POST /api/sample
    this.steps = { key: null, list: [], at: -1 };
    this.generation = 0; // counts actions, so that a frame asked for before one is dropped
    this.restarts = 0; // counts returns to epoch 0 (reset, configure, load, a new session)
    this.shownTrainingError = null;
    this.hovered = null;
    this.recovering = null;
  }

  // -- start, and the frames ---------------------------------------------------------------

  /** Open a session with the URL's configuration (or the defaults), then poll for frames. */
  async start() {
    const { config, view, problems } = readHash();
    Object.assign(this.view, view);
    let answer;
    try {
      answer = await this.transport.open(config);
    } catch (error) {
      if (error.gone || Object.keys(config).length === 0) {
        this.fail(error);
        setTimeout(() => this.start(), POLL_PAUSED);
        return;
      }
      problems.push(error.message);
      answer = await this.transport.open();
    }
    if (problems.length) {
      this.v.messages.error(`Some settings in the URL were not used: ${problems.join("; ")}`);
    }
    await this.applyState(answer).catch((error) => this.fail(error));
    this.poll();
  }

  async poll() {
    const generation = this.generation;
    try {
      const { frame } = await this.transport.frame(this.historyFrom(), this.heatmaps?.version ?? -1);
      if (generation === this.generation) this.applyFrame(frame);
      this.v.messages.clear("connection");
    } catch (error) {
      if (error.expired) await this.recover().catch((e) => this.fail(e));
      else this.fail(error);
    }
    setTimeout(() => this.poll(), this.frame?.playing ? POLL_PLAYING : POLL_PAUSED);
  }

  historyFrom() {
    return this.history.length ? this.history[this.history.length - 1][0] + 1 : 0;
  }

  /**
   * Run `action` (async) as the user's: on success the error line is cleared; a session
   * that expired is replaced by a new one with the same configuration, and the action tried again.
   */
  async act(action) {
    this.generation++;
    try {
      try {
        await action();
      } catch (error) {
        if (!error.expired) throw error;
        await this.recover();
        await action();
      }
      this.v.messages.clear();
    } catch (error) {
      this.fail(error);
      this.v.controls.show(this.config, this.view, true);
    } finally {
      this.generation++; // and a frame asked for while this action ran is dropped too
    }
  }

  fail(error) {
    this.v.messages.error(error.message, error.gone ? "connection" : "user");
  }

  /** A new session with the current configuration, when the server no longer knows ours. */
  recover() {
    this.recovering ??= (async () => {
      try {
        this.generation++;
        await this.applyState(await this.transport.open(this.config));
        this.v.messages.notice(
          "The server no longer knew this page's session (it expires after 15 idle minutes, " +
            "or the server was restarted), so a new one was started with the same settings, at epoch 0.",
        );
      } finally {
        this.recovering = null;
      }
    })();
    return this.recovering;
  }

  // -- what the user does -------------------------------------------------------------------

  change(part, values) {
    if (part === "config") return this.configure(values);
    if ("sample" in values) {
      return values.sample === null ? this.v.controls.show(this.config, this.view) : this.select(values.sample);
    }
    Object.assign(this.view, values);
    this.v.messages.clear("user");
    this.v.controls.show(this.config, this.view);
    this.writeHash();
    this.drawNetwork();
    this.drawBoundary();
  }

  configure(values) {
    return this.act(async () => this.applyState(await this.transport.configure(values)));
  }

  toggleFeature(name) {
    const features = this.v.network.features
      .map((b) => b.dataset.feature)
      .filter((f) => (f === name) !== this.config.features.includes(f));
    return this.configure({ features });
  }

  /** Add `change` neurons to hidden layer `layer`, or (`layer` null) a layer of 2 / the last layer. */
  changeHidden(layer, change) {
    const hidden = [...this.config.hidden];
    if (layer === null) {
      if (change > 0) hidden.push(2);
      else hidden.pop();
    } else hidden[layer] += change;
    return this.configure({ hidden });
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
    const { sample } = await this.transport.select(index);
    this.sample = sample;
    this.view.sample = sample.index;
    this.steps = { key: null, list: [], at: -1 };
    this.v.backpropText.textContent = "";
    this.v.gradcheckResult.textContent = "";
    this.v.graph.show(sample.svg, sample.too_big);
    this.v.graph.update(sample.values);
    const [x1, x2] = sample.x;
    this.v.sampleAbout.textContent =
      `x = (${formatG(x1, 3)}, ${formatG(x2, 3)}), label ${formatG(sample.label, 3)}; ` +
      `its graph has ${sample.nodes} nodes` + (sample.svg ? ", each with its data and grad" : "");
    this.v.controls.show(this.config, this.view);
    this.writeHash();
    this.drawBoundary();
    this.showTooltip();
  }

  /** Select training point 0 when none is selected (backprop and gradcheck need a sample). */
  async ensureSample() {
    if (this.view.sample !== null && this.sample) return;
    await this.selectNow(0);
    this.v.messages.notice("Selected training point 0; click another point to see its graph instead.");
  }

  backpropNext() {
    return this.act(async () => {
      await this.ensureSample();
      const key = `${this.restarts}.${this.frame.epoch}.${this.view.sample}`;
      if (this.steps.key !== key) {
        const { steps } = await this.transport.backprop();
        this.steps = { key, list: steps, at: this.steps.at };
      }
      const { list } = this.steps;
      this.steps.at = (this.steps.at + 1) % list.length;
      const step = list[this.steps.at];
      this.v.backpropText.textContent = step.text;
      this.v.graph.highlight(step.node);
    });
  }

  gradcheck() {
    return this.act(async () => {
      await this.ensureSample();
      const answer = await this.transport.gradcheck();
      this.v.gradcheckResult.textContent =
        `sample ${this.view.sample}, ${answer.parameters.length} weights and biases: ` +
        `largest difference ${formatG(answer.largest_difference, 2)}`;
      this.v.gradcheckResult.title = answer.text;
    });
  }

  save() {
    return this.act(async () => {
      const model = await this.transport.model();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(model, null, 1)], { type: "application/json" }));
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

  // -- answers to views -------------------------------------------------------------------

  /** A new configuration, data and frame (a new session, a configure, a load): back to epoch 0. */
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
    this.v.network.build(config.features, config.hidden);
    this.v.layout();
    this.applyFrame(frame);
    const wanted = this.view.sample;
    this.sample = null;
    this.view.sample = null;
    this.v.graph.show(null, null);
    this.v.sampleAbout.textContent = "click a training point on the output, or type its number";
    if (wanted !== null && wanted < data.train.length) await this.selectNow(wanted);
    this.writeHash();
  }

  restart() {
    this.restarts++;
    this.history = [];
    this.shownTrainingError = null;
    this.steps = { key: null, list: [], at: -1 };
    this.v.backpropText.textContent = "";
    this.v.gradcheckResult.textContent = "";
    this.v.graph.highlight(null);
  }

  applyFrame(frame) {
    this.frame = frame;
    this.v.epoch.textContent = String(frame.epoch);
    this.v.lossTrain.textContent = formatDecimal(frame.loss.train);
    this.v.lossTest.textContent = formatDecimal(frame.loss.test);
    this.v.play.textContent = frame.playing ? "\u275a\u275a Pause" : "\u25b6 Play";
    this.v.play.classList.toggle("playing", frame.playing);
    this.mergeHistory(frame.history);
    this.v.drawLossCurve(this.history);
    if (frame.heatmaps) {
      this.heatmaps = frame.heatmaps;
      this.v.network.paint(frame.heatmaps);
    }
    this.drawNetwork();
    this.drawBoundary();
    if (frame.sample && this.sample && frame.sample.index === this.sample.index) {
      this.sample = { ...this.sample, values: frame.sample.values, neurons: frame.sample.neurons };
      this.v.graph.update(frame.sample.values);
      this.showTooltip();
    }
    if (frame.error && frame.error !== this.shownTrainingError) this.v.messages.error(frame.error);
    this.shownTrainingError = frame.error;
  }

  mergeHistory(entries) {
    if (!entries?.length) return;
    const from = entries[0][0];
    while (this.history.length && this.history[this.history.length - 1][0] >= from) this.history.pop();
    this.history.push(...entries);
    if (this.history.length > HISTORY_KEPT) {
      this.history = this.history.filter((_, k) => k % 2 === 0 || k === this.history.length - 1);
    }
  }

  drawNetwork() {
    if (!this.frame) return;
    const lens = this.view.lens;
    this.v.edges.draw(this.frame.network, lens);
    this.v.legend(this.frame.network, lens);
  }

  drawBoundary() {
    const map = this.heatmaps?.output;
    this.v.boundary.draw(map, this.heatmaps?.size, this.data, {
      showTest: this.view.show_test,
      discretise: this.view.discretise,
      selected: this.sample ? this.view.sample : null,
      scale: map?.center === 0.5 ? 0.5 : 1, // the output's whole range: sigmoid 0..1, else -1..1
    });
  }

  /** Lay the edges out again (the diagram's shape or size changed) and redraw them. */
  relayout() {
    this.v.layout();
    this.drawNetwork();
    this.drawBoundary();
  }

  hover(canvas, layer, index) {
    this.hovered = canvas ? { canvas, layer, index } : null;
    this.showTooltip();
  }

  showTooltip() {
    const h = this.hovered;
    if (!h || !h.canvas.isConnected) return this.v.tooltip(null);
    this.v.tooltip(h.canvas, describeNeuron(this.sample, h.layer, h.index).join("\n"));
  }

  writeHash() {
    writeHash(this.config, this.view);
  }
}
