// The text size, for a lecture hall: +/- buttons scale the page's text (it already grows with
// the window), remembered in localStorage.

const KEY = "gradtable-playground-font-scale";
const SMALLEST = 0.7, LARGEST = 2, STEP = 0.1;

/** Wire the [data-font] buttons under `root` and apply the remembered scale; `onChange` after a change. */
export function bindFontSize(root, onChange) {
  const apply = (scale) => document.documentElement.style.setProperty("--font-scale", scale.toFixed(1));
  let scale = Number(localStorage.getItem(KEY));
  if (!(scale >= SMALLEST && scale <= LARGEST)) scale = 1;
  apply(scale);
  for (const button of root.querySelectorAll("[data-font]")) {
    button.addEventListener("click", () => {
      scale = Math.min(LARGEST, Math.max(SMALLEST, scale + STEP * Number(button.dataset.font)));
      apply(scale);
      localStorage.setItem(KEY, String(scale));
      onChange();
    });
  }
}
