// Heat maps as the server sends them: base64 of size x size bytes, each byte b standing for
// lo + (hi - lo) * b / 255, row by row from the top (x2 = 6) down.

import { diverging } from "./colors.js";

/** The values of heat map `map` as a Float64Array, row by row from the top. */
export function decode(map) {
  const bytes = atob(map.bytes);
  const values = new Float64Array(bytes.length);
  const step = (map.hi - map.lo) / 255;
  for (let k = 0; k < bytes.length; k++) values[k] = map.lo + step * bytes.charCodeAt(k);
  return values;
}

/**
 * Paint `map` on `canvas`, stretched to its size. `scale` is the distance from the centre
 * drawn at full colour (default: the map's own largest distance); `discrete` paints only the
 * side of the centre each value lies on.
 */
export function paint(canvas, map, size, { scale = null, discrete = false } = {}) {
  const values = decode(map);
  const reach = scale ?? Math.max(Math.abs(map.hi - map.center), Math.abs(map.lo - map.center));
  const image = new ImageData(size, size);
  for (let k = 0; k < values.length; k++) {
    const offset = values[k] - map.center;
    const t = discrete ? Math.sign(offset) : reach > 0 ? offset / reach : 0;
    const [r, g, b] = diverging(t);
    image.data.set([r, g, b, 255], 4 * k);
  }
  const source = new OffscreenCanvas(size, size);
  source.getContext("2d").putImageData(image, 0, 0);
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = true;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
}
