import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from 'nats';

import { type NatsNames } from './nats-names';

export interface StreamSpec {
  /** The stream's name without the run prefix (`CMD`, `EVT`). */
  name: string;
  /** Subjects without the run prefix (`cmd.>`). */
  subjects: readonly string[];
  /** Window in which `Nats-Msg-Id` duplicates are dropped. */
  duplicateWindowMs?: number;
  replicas?: number;
  maxAgeMs?: number;
}

export interface ConsumerSpec {
  durableName: string;
  filterSubject?: string;
  maxAckPending?: number;
  ackWaitMs?: number;
}

const NANOS_PER_MS = 1_000_000;

/** Creates or updates streams and durable consumers so that start-up is idempotent. */
export class JetStreamAdmin {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly names: NatsNames,
  ) {}

  async ensureStream(spec: StreamSpec): Promise<StreamInfo> {
    const config: Partial<StreamConfig> & { name: string } = {
      name: this.names.stream(spec.name),
      subjects: spec.subjects.map((s) => this.names.subject(s)),
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: (spec.duplicateWindowMs ?? 120_000) * NANOS_PER_MS,
      num_replicas: spec.replicas ?? 1,
      max_age: (spec.maxAgeMs ?? 0) * NANOS_PER_MS,
      allow_rollup_hdrs: false,
      deny_delete: false,
    };
    const existing = await this.streamInfo(config.name);
    if (!existing) return this.jsm.streams.add(config);
    return this.jsm.streams.update(config.name, { ...existing.config, ...config });
  }

  async ensureConsumer(streamName: string, spec: ConsumerSpec): Promise<ConsumerInfo> {
    const config: Partial<ConsumerConfig> = {
      durable_name: spec.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: spec.filterSubject ? this.names.subject(spec.filterSubject) : undefined,
      max_ack_pending: spec.maxAckPending ?? 10_000,
      ack_wait: (spec.ackWaitMs ?? 30_000) * NANOS_PER_MS,
    };
    const stream = this.names.stream(streamName);
    try {
      await this.jsm.consumers.info(stream, spec.durableName);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return this.jsm.consumers.add(stream, config);
    }
    return this.jsm.consumers.update(stream, spec.durableName, {
      max_ack_pending: config.max_ack_pending,
      ack_wait: config.ack_wait,
    });
  }

  async deleteStream(name: string): Promise<boolean> {
    try {
      return await this.jsm.streams.delete(this.names.stream(name));
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /**
   * Deletes every stream of the run prefix, key-value and object-store buckets included (test clean-up);
   * returns their names. Refuses the empty prefix, which would mean production's streams.
   */
  async deleteAllWithPrefix(): Promise<string[]> {
    const prefix = this.names.prefix;
    if (!prefix) throw new Error('refusing to delete streams without a name prefix');
    const owned = (name: string) => [prefix, `KV_${prefix}`, `OBJ_${prefix}`].some((p) => name.startsWith(p));
    const deleted: string[] = [];
    for await (const info of this.jsm.streams.list()) {
      if (owned(info.config.name)) {
        await this.jsm.streams.delete(info.config.name);
        deleted.push(info.config.name);
      }
    }
    return deleted;
  }

  private async streamInfo(name: string): Promise<StreamInfo | undefined> {
    try {
      return await this.jsm.streams.info(name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  const api = (error as { api_error?: { err_code?: number } }).api_error;
  return (
    api?.err_code === 10059 || api?.err_code === 10014 || /not found/i.test(String((error as Error).message))
  );
}
