// The page's one way to the engine: every request goes through here, so another transport
// (the engine in the browser with Pyodide, a notebook widget) can replace this module.
// The contract is docs/playground-api.md.

/** A request that failed: `status` is the HTTP status, 0 when the server did not answer. */
export class RequestError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }

  /** The server is not there (stopped, or the network between us is down). */
  get gone() {
    return this.status === 0;
  }

  /** The server no longer knows this page's session (it expired, or the server restarted). */
  get expired() {
    return this.status === 404 && /unknown session/.test(this.message);
  }
}

const GONE =
  "the playground server does not answer: has it stopped? Start it again " +
  "(python -m demos.playground); this page reconnects by itself";

/** A transport to the server this page came from. `session` is this tab's, kept in memory. */
export function httpTransport(base = "") {
  let session = null;

  async function request(method, path, body) {
    let response;
    try {
      response = await fetch(base + path, {
        method,
        cache: "no-store",
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new RequestError(GONE, 0);
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      // a plain-text answer (an unknown path's 404): the status says enough
    }
    if (!response.ok) {
      throw new RequestError(answer?.error ?? `the server answered ${response.status}`, response.status);
    }
    return answer;
  }

  const post = (path, fields = {}) => request("POST", path, { session, ...fields });
  const query = (fields) => new URLSearchParams({ session, ...fields }).toString();

  return {
    /** Open a new session, with `config` (a partial configuration) or the defaults. */
    async open(config) {
      const answer = await request("POST", "/api/session", config ? { config } : {});
      session = answer.session;
      return answer;
    },
    configure: (config, fromDefaults = false) =>
      post("/api/config", fromDefaults ? { config, from_defaults: true } : { config }),
    play: (playing) => post("/api/play", { playing }),
    step: () => post("/api/step"),
    reset: () => post("/api/reset"),
    frame: (historyFrom, heatmaps) =>
      request("GET", `/api/frame?${query({ history_from: historyFrom, heatmaps })}`),
    select: (index) => post("/api/sample", { index }),
    backprop: () => post("/api/backprop"),
    gradcheck: () => post("/api/gradcheck"),
    model: () => request("GET", `/api/model?${query({})}`),
    load: (model) => post("/api/model", { model }),
  };
}
