// The selected sample: choosing it, its graph kept current from the frames, its backward pass
// one grad_table entry at a time, its gradient check, and what a hovered neuron shows for it.

import { formatG } from "./format.js";
import { describeNeuron } from "./neuron-info.js";

const HINT = "click a point on the output, or type its number";

export class SelectedSample {
  /** `views`: graph (a GraphPanel), sampleAbout, backpropText, gradcheckResult (elements). */
  constructor(transport, views) {
    this.transport = transport;
    this.v = views;
    this.answer = null; // POST /api/sample's, its numbers kept current by the frames
    this.forgetSteps();
  }

  get index() {
    return this.answer?.index ?? null;
  }

  /** Select training point `index` and draw its graph. */
  async select(index) {
    const { sample } = await this.transport.select(index);
    this.answer = sample;
    this.forgetSteps();
    this.v.graph.show(sample.svg, sample.too_big);
    this.v.graph.update(sample.values);
    this.v.sampleAbout.textContent = this.about();
  }

  /** What the sample is: its point, label and graph. */
  about() {
    const { x: [x1, x2], label, nodes, svg } = this.answer;
    return `x = (${formatG(x1, 3)}, ${formatG(x2, 3)}), label ${formatG(label, 3)}; ` +
      `its graph has ${nodes} nodes` + (svg ? ", each with its data and grad" : "");
  }

  /** No sample selected (the server forgets it when the configuration changes). */
  clear() {
    this.answer = null;
    this.forgetSteps();
    this.v.graph.show(null, null);
    this.v.sampleAbout.textContent = HINT;
  }

  /** The backward pass starts again (the weights went back, or the sample changed). */
  forgetSteps() {
    this.steps = { key: null, list: [], at: -1 };
    this.v.backpropText.textContent = "";
    this.v.gradcheckResult.textContent = "";
    this.v.graph.highlight(null);
  }

  /** Take a frame's `sample` numbers, when they are this sample's. */
  update(numbers) {
    if (!numbers || numbers.index !== this.index) return;
    if (numbers.values === null) {  // the weights have diverged: the numbers cannot be had
      this.v.sampleAbout.textContent = numbers.error;
      return;
    }
    this.answer = { ...this.answer, values: numbers.values, neurons: numbers.neurons };
    this.v.graph.update(numbers.values);
    const about = this.about(); // back from a diverged run's message; untouched otherwise
    if (this.v.sampleAbout.textContent !== about) this.v.sampleAbout.textContent = about;
  }

  /** Show the next grad_table step; `weights` names the weights, so that new ones fetch the steps again. */
  async nextStep(weights) {
    const key = `${weights}.${this.index}`;
    if (this.steps.key !== key) {
      const { steps } = await this.transport.backprop();
      this.steps = { key, list: steps, at: this.steps.at };
    }
    const { list } = this.steps;
    this.steps.at = (this.steps.at + 1) % list.length;
    const step = list[this.steps.at];
    this.v.backpropText.textContent = step.text;
    this.v.graph.highlight(step.node);
  }

  async gradcheck() {
    const answer = await this.transport.gradcheck();
    this.v.gradcheckResult.textContent =
      `sample ${this.index}, ${answer.parameters.length} weights and biases: ` +
      `largest difference ${formatG(answer.largest_difference, 2)}`;
    this.v.gradcheckResult.title = answer.text;
  }

  /** The lines a hovered hidden neuron shows (layer `l`, neuron `j`, from 0). */
  describe(l, j) {
    return describeNeuron(this.answer, l, j);
  }
}
