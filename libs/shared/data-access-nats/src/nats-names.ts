/**
 * Stream and subject names with a run prefix, so that test runs (and side-by-side environments)
 * sharing one NATS server never see each other's streams. The empty prefix gives the production names.
 */
export class NatsNames {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_]*$/.test(prefix)) throw new Error(`bad NATS name prefix ${JSON.stringify(prefix)}`);
  }

  stream(name: string): string {
    return `${this.prefix}${name}`;
  }

  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }
}
