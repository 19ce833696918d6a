// What hovering a hidden neuron tells, for the selected sample: its pre-activation z, its
// activation h, h's grad_table entry, and the terms of that entry's sum.

import { formatG } from "./format.js";

/**
 * The lines that describe hidden neuron `j` of layer `l` (both from 0) for `sample`
 * (a frame's: `index`, `values`, `neurons`), or a hint when no sample is selected.
 */
export function describeNeuron(sample, l, j) {
  const title = `Hidden layer ${l + 1}, neuron ${j + 1}`;
  const neuron = sample?.neurons?.[l]?.[j];
  if (!neuron) return [title, "Select a sample (click a training point) to see its numbers here."];
  const value = (name) => sample.values[Number(name.slice(1)) - 1];
  const u = (name) => `u_${name.slice(1)}`; // node v7 is u_7 of the graph, as drawn
  const [z] = value(neuron.z), [h, grad] = value(neuron.h);
  const lines = [
    `${title}, sample ${sample.index}`,
    `pre-activation z = ${formatG(z)}  (${u(neuron.z)})`,
    `activation     h = ${formatG(h)}  (${u(neuron.h)})`,
    `grad_table[${u(neuron.h)}] = \u2202L/\u2202h = ${formatG(grad)}, the sum over h's uses of`,
    `  local derivative \u00d7 upstream = contribution:`,
  ];
  for (const [consumer, local, upstream, contribution] of neuron.terms) {
    lines.push(`  via ${u(consumer)}: ${formatG(local)} \u00d7 ${formatG(upstream)} = ${formatG(contribution)}`);
  }
  return lines;
}

/** Show `text` in `tooltip` beside `canvas`, or hide it (`canvas` null). */
export function placeTooltip(tooltip, canvas, text) {
  tooltip.hidden = !canvas;
  if (!canvas) return;
  tooltip.textContent = text;
  const box = tooltip.parentElement.getBoundingClientRect(), unit = canvas.getBoundingClientRect();
  tooltip.style.left = `${unit.right - box.left + 8}px`;
  tooltip.style.top = `${unit.top - box.top}px`;
}
