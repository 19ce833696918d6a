// The page's session on the server: opening it, polling its frames, running the user's
// actions on it, and opening a new one when the server no longer knows it.

const POLL_PLAYING = 100; // ms from one frame's request to the next while training
const POLL_PAUSED = 1000; // ... while paused: how the page notices the server gone
const EXPIRED =
  "The server no longer knew this page's session (it expires after 15 idle minutes, or the " +
  "server was restarted), so a new one was started with the same settings, at epoch 0.";

/**
 * `send(config)` with as much of `config` as the server takes: a refused setting (the
 * server's message starts with its name) is dropped, its message added to `refused`, and
 * the rest sent again. So one bad setting in a URL does not cost the good ones.
 */
export async function sendTaken(send, config, refused) {
  const wanted = { ...config };
  for (;;) {
    try {
      return await send(wanted);
    } catch (error) {
      const name = error.message.split(":")[0];
      if (error.status !== 400 || !(name in wanted)) throw error;
      refused.push(error.message);
      delete wanted[name];
    }
  }
}

export class Session {
  /**
   * `page` answers to: applyState(answer) (async: a configuration, data and frame),
   * applyFrame(frame), frameQuery() ({historyFrom, heatmaps}), config(), playing(), undo()
   * (show the configuration again after a refused action).
   */
  constructor(transport, messages, page) {
    this.transport = transport;
    this.messages = messages;
    this.page = page;
    this.generation = 0; // counts actions, so that a frame asked for before one ends is dropped
    this.recovering = null;
    this.queue = Promise.resolve(); // the user's actions, one after another
  }

  /** Open a session with `config` (the defaults for what the server refuses), then poll;
   * the messages of what was refused. */
  async start(config) {
    const refused = [];
    try {
      let answer;
      try {
        answer = await sendTaken(this.transport.open, config, refused);
      } catch (error) {
        if (error.status !== 400) throw error;
        refused.push(error.message);
        answer = await this.transport.open();
      }
      await this.page.applyState(answer);
    } catch (error) {
      this.fail(error);
      // the server gone or busy: try again; anything else would only fail again
      if (error.gone || error.status >= 500) setTimeout(() => this.start(config), POLL_PAUSED);
      return refused;
    }
    this.poll();
    return refused;
  }

  async poll() {
    const generation = this.generation, started = performance.now();
    try {
      const { historyFrom, heatmaps } = this.page.frameQuery();
      const { frame } = await this.transport.frame(historyFrom, heatmaps);
      if (generation === this.generation) this.page.applyFrame(frame);
      this.messages.clear("connection");
    } catch (error) {
      if (error.expired) await this.recover().catch((e) => this.fail(e));
      else this.fail(error);
    }
    const period = this.page.playing() ? POLL_PLAYING : POLL_PAUSED;
    setTimeout(() => this.poll(), Math.max(0, period - (performance.now() - started)));
  }

  /**
   * Run `action` (async) as the user's, after those before it have ended, so that each
   * starts from what the last one left. On success the error line is cleared; when the
   * session expired a new one takes its place and the action is tried again; on failure
   * the error line says why.
   */
  act(action) {
    this.queue = this.queue.then(() => this.run(action));
    return this.queue;
  }

  async run(action) {
    this.generation++;
    try {
      try {
        await action();
      } catch (error) {
        if (!error.expired) throw error;
        await this.recover();
        await action();
      }
      this.messages.clear();
    } catch (error) {
      this.fail(error);
      this.page.undo();
    } finally {
      this.generation++; // a frame asked for while the action ran is dropped too
    }
  }

  fail(error) {
    this.messages.error(error.message, error.gone ? "connection" : "user");
  }

  /** A new session with the current configuration, when the server no longer knows ours. */
  recover() {
    this.recovering ??= (async () => {
      try {
        this.generation++;
        await this.page.applyState(await this.transport.open(this.page.config()));
        this.messages.notice(EXPIRED);
      } finally {
        this.recovering = null;
      }
    })();
    return this.recovering;
  }
}
