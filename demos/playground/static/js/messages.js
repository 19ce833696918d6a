// The page's two message lines: `error` (a problem: the server gone, a refused value, training
// stopped) and a notice (what the page did by itself). An error has a kind, so that a poll
// that reaches the server clears "the server is gone" but not a refused value.

const NOTICE_SECONDS = 20;

export class Messages {
  constructor(error, notice) {
    this.errorElement = error;
    this.noticeElement = notice;
    this.kind = null;
    this.timer = null;
  }

  /** Show `message` in `error`; `kind` is "connection" or "user". */
  error(message, kind = "user") {
    this.errorElement.textContent = message;
    this.kind = kind;
  }

  /** Empty `error` if it holds one of `kinds` (any kind when none are given). */
  clear(...kinds) {
    if (this.kind && (kinds.length === 0 || kinds.includes(this.kind))) {
      this.errorElement.textContent = "";
      this.kind = null;
    }
  }

  /** Say what the page did by itself, for a while. */
  notice(message) {
    this.noticeElement.textContent = message;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.noticeElement.textContent = ""), NOTICE_SECONDS * 1000);
  }
}
