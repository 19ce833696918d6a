// The selected sample's computation graph: the server's SVG (nodes v1..vn, each with its
// <title>), whose "data ..." and "grad ..." texts are rewritten from every frame, and the
// node of the current backprop step highlighted.

import { formatG } from "./format.js";

const MARGIN = 4; // SVG units kept clear on each side of a number in its box

export class GraphPanel {
  constructor(element) {
    this.element = element;
    this.texts = []; // texts[i]: the {data, grad} <text> elements of node v{i+1}
    this.room = new Map(); // <text> -> the width of its box in the drawing
  }

  /** Show a sample's drawing (`svg`), or the reason it has none (`tooBig`); empty: neither. */
  show(svg, tooBig) {
    this.texts = [];
    this.room.clear();
    if (!svg) {
      this.element.replaceChildren();
      if (tooBig) {
        const note = document.createElement("p");
        note.className = "too-big";
        note.textContent = tooBig;
        this.element.append(note);
      }
      return;
    }
    this.element.innerHTML = svg;
    const drawing = this.element.querySelector("svg");
    for (const side of ["width", "height"]) {
      // Graphviz's 12 pt text is drawn as 0.9rem, so the graph follows the page's text size
      drawing.style[side] = `calc(${parseFloat(drawing.getAttribute(side))} * 0.075rem)`;
    }
    for (const node of this.element.querySelectorAll("g.node")) {
      const name = node.querySelector("title")?.textContent ?? "";
      if (!/^v\d+$/.test(name)) continue;
      const texts = {};
      const edges = boxEdges(node);
      for (const text of node.querySelectorAll("text")) {
        const word = text.textContent.split(" ")[0];
        if (word !== "data" && word !== "grad") continue;
        texts[word] = text;
        const x = Number(text.getAttribute("x"));
        const left = Math.max(...edges.filter((e) => e < x)), right = Math.min(...edges.filter((e) => e > x));
        this.room.set(text, right - left - 2 * MARGIN);
      }
      this.texts[Number(name.slice(1)) - 1] = texts;
    }
    this.fit([...this.room.keys()]);
  }

  /**
   * Write `values` ([data, grad] of v1..vn, a frame's sample.values) into the drawing. The
   * boxes were sized for the numbers the drawing was made with; a longer number is squeezed
   * into its box.
   */
  update(values) {
    const changed = [];
    values.forEach(([data, grad], i) => {
      const texts = this.texts[i];
      if (!texts) return;
      for (const [element, text] of [[texts.data, `data ${formatG(data)}`], [texts.grad, `grad ${formatG(grad)}`]]) {
        if (!element || element.textContent === text) continue;
        element.textContent = text;
        element.removeAttribute("textLength");
        changed.push(element);
      }
    });
    this.fit(changed);
  }

  /** Squeeze each text of `elements` that is wider than its box (all measured first, then set). */
  fit(elements) {
    const lengths = elements.map((element) => element.getComputedTextLength());
    elements.forEach((element, k) => {
      const room = this.room.get(element);
      if (lengths[k] > room) {
        element.setAttribute("textLength", room.toFixed(1));
        element.setAttribute("lengthAdjust", "spacingAndGlyphs");
      }
    });
  }

  /** Highlight node `name` (v7), or none; scroll the panel to it. */
  highlight(name) {
    this.element.querySelector("g.node.current")?.classList.remove("current");
    if (!name) return;
    const title = [...this.element.querySelectorAll("g.node > title")].find((t) => t.textContent === name);
    const node = title?.parentNode;
    if (!node) return;
    node.classList.add("current");
    const panel = this.element.getBoundingClientRect(), box = node.getBoundingClientRect();
    this.element.scrollLeft += box.left + box.width / 2 - (panel.left + panel.width / 2);
    this.element.scrollTop += box.top + box.height / 2 - (panel.top + panel.height / 2);
    node.scrollIntoView({ block: "nearest", inline: "nearest" }); // and the page, if it is below
  }
}

/** The x of every vertical line of a record node: its outline's sides and the separators. */
function boxEdges(node) {
  const xs = (shape) => shape.getAttribute("points").trim().split(/\s+/).map((p) => Number(p.split(",")[0]));
  const outline = xs(node.querySelector("polygon"));
  return [Math.min(...outline), Math.max(...outline), ...[...node.querySelectorAll("polyline")].map((p) => xs(p)[0])];
}
