// The configuration and the view in the URL hash (#dataset=spiral&hidden=4,2&lens=weight...),
// so a URL restores a page; kept current with history.replaceState.

import { CONFIG_FIELDS, VIEW_FIELDS, read, write } from "./fields.js";

/** `{config, view, problems}` from the hash: the fields it gives, and what could not be read. */
export function readHash(hash = location.hash) {
  const config = {}, view = {}, problems = [], seen = new Set();
  for (const [name, text] of new URLSearchParams(hash.replace(/^#/, ""))) {
    const into = name in CONFIG_FIELDS ? config : name in VIEW_FIELDS ? view : null;
    if (into === null) {
      problems.push(`the URL's '${name}' is not a setting of this page`);
      continue;
    }
    if (seen.has(name)) {
      problems.push(`the URL gives '${name}' more than once; only the last is read`);
      delete into[name];
    }
    seen.add(name);
    try {
      into[name] = read(name, text);
    } catch (error) {
      problems.push(error.message);
    }
  }
  return { config, view, problems };
}

/** Put `config` and `view` in the hash, replacing the current history entry. */
export function writeHash(config, view) {
  const parts = [];
  for (const [name, value] of [...Object.entries(config), ...Object.entries(view)]) {
    if (name in CONFIG_FIELDS || name in VIEW_FIELDS) {
      parts.push(`${name}=${encodeURIComponent(write(name, value)).replace(/%2C/g, ",")}`);
    }
  }
  history.replaceState(null, "", `#${parts.join("&")}`);
}
