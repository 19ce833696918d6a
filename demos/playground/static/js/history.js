// The loss history the page has, [epoch, train loss, test loss] entries, grown from each
// frame's entries from `next` on.

const KEPT = 2000; // past this, every other entry is dropped (the first and last kept)

export class LossHistory {
  constructor() {
    this.entries = [];
  }

  /** The first epoch the page does not have yet: a frame's `history_from`. */
  get next() {
    return this.entries.length ? this.entries[this.entries.length - 1][0] + 1 : 0;
  }

  /** Add a frame's `history` entries; any the page had from their first epoch on are replaced. */
  merge(entries) {
    if (!entries?.length) return;
    const from = entries[0][0];
    while (this.entries.length && this.entries[this.entries.length - 1][0] >= from) this.entries.pop();
    this.entries.push(...entries);
    if (this.entries.length > KEPT) {
      const last = this.entries.length - 1;
      this.entries = this.entries.filter((_, k) => k % 2 === 0 || k === last);
    }
  }

  clear() {
    this.entries = [];
  }
}
