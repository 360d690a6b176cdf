/**
 * Most requests one group takes (one transaction), and groups running at once, for the wallet's request queues
 * (submissions, cancels, amends).
 */
export const GROUP_MAX = 256;
export const GROUPS_IN_FLIGHT = 2;

/** One item's outcome in a group: each item of a group succeeds or fails on its own. */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<T, R> {
  /** Most items in one group. */
  maxGroup: number;
  /** Most groups running at once; items arriving meanwhile wait and form the next group. */
  maxInFlight: number;
  /** Items with the same key never share a group or run at once: a later one waits for the earlier one's outcome. */
  keyOf: (item: T) => string;
  /**
   * Runs one group (e.g. one database transaction) and gives one outcome per item, in the group's order. When it
   * throws, nothing of the group happened: a group of several is then run again one item at a time, so that one
   * item's failure reaches that item alone.
   */
  run: (items: readonly T[]) => Promise<GroupOutcome<R>[]>;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while up to `maxInFlight` groups are running are gathered and run together, up to
 * `maxGroup` at a time, each with its own outcome. An item submitted when nothing is running starts a group at
 * once (after the current turn of the event loop, so that items submitted in one turn share it), so a lone
 * submission waits for nothing.
 */
export class GroupCommitQueue<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  /** Per key, the settling of the last item submitted with it (removed once that one is done). */
  private readonly lastOfKey = new Map<string, Promise<void>>();
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    const key = this.options.keyOf(item);
    const before = this.lastOfKey.get(key);
    const result = before ? before.then(() => this.enqueue(item)) : this.enqueue(item);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.lastOfKey.set(key, settled);
    void settled.then(() => {
      if (this.lastOfKey.get(key) === settled) this.lastOfKey.delete(key);
    });
    return result;
  }

  /** Items waiting for a group, and groups running (for tests and metrics). */
  get depth(): { waiting: number; inFlight: number } {
    return { waiting: this.waiting.length, inFlight: this.inFlight };
  }

  private enqueue(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroup);
      this.inFlight++;
      void this.runGroup(group).finally(() => {
        this.inFlight--;
        if (this.waiting.length > 0) this.schedule();
      });
    }
  }

  private async runGroup(group: Waiting<T, R>[]): Promise<void> {
    let outcomes: GroupOutcome<R>[];
    try {
      outcomes = await this.options.run(group.map((w) => w.item));
    } catch (error) {
      if (group.length === 1) {
        outcomes = [{ ok: false, error }];
      } else {
        outcomes = [];
        for (const w of group) outcomes.push(await this.runAlone(w.item));
      }
    }
    group.forEach((w, i) => {
      const outcome = outcomes[i];
      if (!outcome) w.reject(new Error('group commit: no outcome for an item'));
      else if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }

  private async runAlone(item: T): Promise<GroupOutcome<R>> {
    try {
      const [outcome] = await this.options.run([item]);
      return outcome ?? { ok: false, error: new Error('group commit: no outcome for an item') };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
