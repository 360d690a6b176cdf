/**
 * Limits a stream to one push per `intervalMs`: the first change is pushed at once, later ones within the
 * interval are pushed together when it ends (Binance's 100 ms / 1000 ms update speeds).
 */
export class UpdateWindow {
  private timer?: NodeJS.Timeout;
  private pending = false;

  constructor(
    private readonly intervalMs: number,
    private readonly push: () => void,
  ) {}

  touch(): void {
    if (this.timer) {
      this.pending = true;
      return;
    }
    this.push();
    this.timer = setTimeout(() => this.end(), this.intervalMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = false;
  }

  private end(): void {
    this.timer = undefined;
    if (!this.pending) return;
    this.pending = false;
    this.touch();
  }
}
