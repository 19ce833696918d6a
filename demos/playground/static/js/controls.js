// The settings' controls ([data-field]: the configuration, [data-view]: the view) and the
// keyboard: each control reports its value when committed (a select or a checkbox at once,
// a text field on Enter or on leaving it), and shows the values it is given.

import { read, write } from "./fields.js";

export class Controls {
  /**
   * `onChange(part, values)`: `part` is "config" or "view", `values` the one field changed;
   * `onInvalid(message)`: what was typed cannot be read.
   */
  constructor(root, { onChange, onInvalid }) {
    this.elements = [...root.querySelectorAll("[data-field], [data-view]")];
    for (const element of this.elements) {
      const part = element.dataset.field ? "config" : "view";
      const name = element.dataset.field ?? element.dataset.view;
      const commit = () => {
        const text = textOf(element);
        if (text === element.dataset.shown || text === element.dataset.pending) return;
        let value;
        try {
          value = read(name, text);
        } catch (error) {
          onInvalid(error.message);
          return;
        }
        element.dataset.pending = text;
        onChange(part, { [name]: value });
      };
      element.addEventListener("change", commit);
      if (element.tagName === "INPUT" && element.type !== "checkbox") {
        element.addEventListener("keydown", (event) => event.key === "Enter" && commit());
      }
    }
  }

  /**
   * Show `config` and `view` in the controls. A field being typed in keeps what it holds
   * unless `undo` (what was typed was refused).
   */
  show(config, view, undo = false) {
    for (const element of this.elements) {
      const name = element.dataset.field ?? element.dataset.view;
      const values = element.dataset.field ? config : view;
      if (!(name in values)) continue;
      const text = write(name, values[name]);
      const typing = element === document.activeElement && textOf(element) !== element.dataset.shown;
      if (typing && !undo) {
        element.dataset.shown = text;
        continue;
      }
      if (element.type === "checkbox") element.checked = text === "1";
      else if (element.tagName === "SELECT" && ![...element.options].some((o) => o.value === text)) {
        element.append(new Option(text, text));
        element.value = text;
      } else element.value = text;
      element.dataset.shown = textOf(element);
      delete element.dataset.pending;
    }
  }

  /** The control of `name` (a configuration or view field). */
  control(name) {
    return this.elements.find((e) => (e.dataset.field ?? e.dataset.view) === name);
  }
}

function textOf(element) {
  return element.type === "checkbox" ? (element.checked ? "1" : "0") : element.value.trim();
}

/** Space plays or pauses and the right arrow steps, except while typing in a field. */
export function bindKeys({ onPlay, onStep }) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.("input, select, textarea")) return;
    if (event.key === " ") {
      event.preventDefault();
      onPlay();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      onStep();
    }
  });
}
