// The settings the page keeps in the URL: the configuration (checked by the server, whose
// fields table is the one authority on what is allowed) and the view. Each has a kind that
// says how it reads from text (a control or the URL) and how it is written back.

import { LENS_COLORS } from "./colors.js";

const KINDS = {
  text: { read: (text) => text, write: String },
  lens: { read: readLens, write: String },
  number: { read: readNumber, write: String },
  names: { read: (text) => (text ? text.split(",") : []), write: (list) => list.join(",") },
  sizes: { read: readSizes, write: (list) => list.join(",") },
  flag: { read: (text) => text === "1" || text === "true", write: (on) => (on ? "1" : "0") },
  index: { read: (text, name) => (text === "" ? null : readNumber(text, name)), write: (i) => (i === null ? "" : String(i)) },
};

/** The configuration's fields, as the server names them (docs/playground-api.md). */
export const CONFIG_FIELDS = {
  dataset: "text", noise: "number", train_percent: "number", points: "number", seed: "number",
  features: "names", hidden: "sizes", activation: "text", output: "text",
  learning_rate: "number", batch_size: "number", optimizer: "text", l2: "number",
};

/** What the page shows, beside the configuration. */
export const VIEW_FIELDS = { lens: "lens", show_test: "flag", discretise: "flag", sample: "index" };

export const VIEW_DEFAULTS = { lens: "weight", show_test: false, discretise: false, sample: null };

/** A field read from `text`; an Error whose message names the field when it cannot be. */
export function read(name, text) {
  return KINDS[kindOf(name)].read(text.trim(), name);
}

/** A field's value as text. */
export function write(name, value) {
  return KINDS[kindOf(name)].write(value);
}

function kindOf(name) {
  return CONFIG_FIELDS[name] ?? VIEW_FIELDS[name];
}

function readNumber(text, name) {
  const value = text === "" ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new Error(`${name}: must be a number, got '${text}'`);
  return value;
}

function readLens(text, name) {
  const lenses = Object.keys(LENS_COLORS);
  if (!lenses.includes(text)) throw new Error(`${name}: must be one of ${lenses.join(", ")}; got '${text}'`);
  return text;
}

function readSizes(text, name) {
  if (text === "") return [];
  return text.split(",").map((part) => {
    const size = Number(part.trim());
    if (part.trim() === "" || !Number.isInteger(size)) {
      throw new Error(
        `${name}: write the neurons of each hidden layer as whole numbers separated by ` +
          `commas, such as 4,2 (empty for none); got '${text}'`,
      );
    }
    return size;
  });
}
