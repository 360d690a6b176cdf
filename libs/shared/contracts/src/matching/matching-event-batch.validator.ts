import {
  type MatchingEventBatch,
  matchingEventBatchSchema,
  type MatchingEventMessage,
} from './matching-event-batch.schema';
import {
  marketStatusSchema,
  orderTypeSchema,
  sideSchema,
  stpModeSchema,
  timeInForceSchema,
} from './matching-command.schema';

/**
 * A hand-written check of `matchingEventBatchSchema` for the consumers' hot path (market-data applies every event
 * of `evt.>`; zod's generic walk was about a twentieth of its CPU). It accepts exactly what the schema accepts and
 * returns what the schema returns (unknown keys stripped): `matching-event-batch.validator.spec.ts` runs both over
 * generated valid and malformed batches with fast-check. The schema stays the definition (types, docs, errors):
 * when the validator refuses, `parseMatchingEventBatch` asks the schema, so the error is zod's own.
 *
 * The input is returned as it is when it has no unknown keys (what the engine writes), so a valid batch costs no
 * allocation; otherwise a stripped copy is built.
 */
export function parseMatchingEventBatch(input: unknown): MatchingEventBatch {
  const batch = checkMatchingEventBatch(input);
  // Refused: the schema throws its own ZodError (it refuses too; the spec proves they agree).
  return batch ?? matchingEventBatchSchema.parse(input);
}

/** The batch as the schema would return it, or undefined when the schema refuses it. */
export function checkMatchingEventBatch(input: unknown): MatchingEventBatch | undefined {
  if (!isRecord(input)) return undefined;
  const { v, market, firstSeq, lastSeq, commandSeq, events } = input;
  if (v !== 1 || typeof market !== 'string' || !MARKET.test(market)) return undefined;
  if (!isSeq(firstSeq) || !isSeq(lastSeq) || !isSeq(commandSeq)) return undefined;
  if (!Array.isArray(events) || events.length === 0) return undefined;
  let out: MatchingEventMessage[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const event: unknown = events[i];
    const checked = checkEvent(event);
    if (checked === undefined) return undefined;
    if (checked !== event) {
      out ??= events.slice(0, i) as MatchingEventMessage[];
    }
    out?.push(checked);
  }
  // The schema's refinements: the sequences match the events and are contiguous.
  if (lastSeq - firstSeq + 1 !== events.length) return undefined;
  const list = (out ?? events) as MatchingEventMessage[];
  for (let i = 0; i < list.length; i++) if (list[i]!.seq !== firstSeq + i) return undefined;
  if (out === undefined && onlyKeys(input, BATCH_KEYS)) return input as MatchingEventBatch;
  return { v: 1, market, firstSeq, lastSeq, commandSeq, events: list };
}

const MARKET = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;
const SIDES: ReadonlySet<unknown> = new Set(sideSchema.options);
const ORDER_TYPES: ReadonlySet<unknown> = new Set(orderTypeSchema.options);
const TIME_IN_FORCE: ReadonlySet<unknown> = new Set(timeInForceSchema.options);
const STP_MODES: ReadonlySet<unknown> = new Set(stpModeSchema.options);
const MARKET_STATUSES: ReadonlySet<unknown> = new Set(marketStatusSchema.options);
const CANCEL_REASONS: ReadonlySet<unknown> = new Set(['USER_CANCEL', 'CANCEL_ALL']);
const EXPIRE_REASONS: ReadonlySet<unknown> = new Set([
  'IOC_REMAINDER',
  'FOK_NOT_FILLABLE',
  'MARKET_REMAINDER',
  'STP_TAKER',
  'STP_MAKER',
]);
const PRIORITIES: ReadonlySet<unknown> = new Set(['KEPT', 'REQUEUED']);

const isSeq = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isString = (value: unknown): value is string => typeof value === 'string';
const isOptSeq = (value: unknown) => value === undefined || isSeq(value);
const isOptString = (value: unknown) => value === undefined || typeof value === 'string';

/** Per event type, its keys (`type` included): what the schema keeps; anything else it strips. */
const EVENT_KEYS: ReadonlyMap<unknown, readonly string[]> = new Map(
  Object.entries({
    accepted: [
      'seq',
      'ts',
      'orderId',
      'userId',
      'side',
      'orderType',
      'timeInForce',
      'price',
      'stopPrice',
    ].concat(['quantity', 'quoteQuantity', 'stp']),
    rejected: ['seq', 'ts', 'command', 'orderId', 'userId', 'reason', 'code', 'field'],
    trade: [
      'seq',
      'ts',
      'price',
      'quantity',
      'makerOrderId',
      'takerOrderId',
      'makerUserId',
      'takerUserId',
    ].concat(['takerSide', 'makerRemaining', 'takerRemaining']),
    cancelled: ['seq', 'ts', 'orderId', 'userId', 'reason', 'remaining'],
    expired: ['seq', 'ts', 'orderId', 'userId', 'reason', 'remaining', 'counterOrderId', 'price'],
    amended: ['seq', 'ts', 'orderId', 'userId', 'quantity', 'previousQuantity', 'priority'],
    triggered: ['seq', 'ts', 'orderId', 'userId', 'stopPrice', 'lastPrice'],
    status: ['seq', 'ts', 'status', 'previousStatus'],
  }).map(([type, keys]) => [type, ['type', ...keys]]),
);
const EVENT_KEY_SETS: ReadonlyMap<unknown, ReadonlySet<string>> = new Map(
  [...EVENT_KEYS].map(([type, keys]) => [type, new Set(keys)]),
);
const BATCH_KEYS: ReadonlySet<string> = new Set([
  'v',
  'market',
  'firstSeq',
  'lastSeq',
  'commandSeq',
  'events',
]);

/** The schema's checks of one event's own fields (its `type` is known). */
function fieldsValid(e: Record<string, unknown>): boolean {
  switch (e['type']) {
    case 'trade':
      return (
        isSeq(e['seq']) &&
        isSeq(e['ts']) &&
        isSeq(e['price']) &&
        isSeq(e['quantity']) &&
        isString(e['makerOrderId']) &&
        isString(e['takerOrderId']) &&
        isString(e['makerUserId']) &&
        isString(e['takerUserId']) &&
        SIDES.has(e['takerSide']) &&
        isSeq(e['makerRemaining']) &&
        isSeq(e['takerRemaining'])
      );
    case 'accepted':
      return (
        isSeq(e['seq']) &&
        isSeq(e['ts']) &&
        isString(e['orderId']) &&
        isString(e['userId']) &&
        SIDES.has(e['side']) &&
        ORDER_TYPES.has(e['orderType']) &&
        (e['timeInForce'] === undefined || TIME_IN_FORCE.has(e['timeInForce'])) &&
        isOptSeq(e['price']) &&
        isOptSeq(e['stopPrice']) &&
        isOptSeq(e['quantity']) &&
        isOptSeq(e['quoteQuantity']) &&
        STP_MODES.has(e['stp'])
      );
    case 'cancelled':
      return (
        isSeq(e['seq']) &&
        isSeq(e['ts']) &&
        isString(e['orderId']) &&
        isString(e['userId']) &&
        CANCEL_REASONS.has(e['reason']) &&
        isSeq(e['remaining'])
      );
    case 'expired':
      return (
        isSeq(e['seq']) &&
        isSeq(e['ts']) &&
        isString(e['orderId']) &&
        isString(e['userId']) &&
        EXPIRE_REASONS.has(e['reason']) &&
        isSeq(e['remaining']) &&
        isOptString(e['counterOrderId']) &&
        isOptSeq(e['price'])
      );
    case 'rejected':
      return (
        isSeq(e['seq']) &&
        isOptSeq(e['ts']) &&
        isString(e['command']) &&
        isOptString(e['orderId']) &&
        isOptString(e['userId']) &&
        isString(e['reason']) &&
        typeof e['code'] === 'number' &&
        Number.isSafeInteger(e['code']) &&
        isOptString(e['field'])
      );
    case 'amended':
      return (
        isSeq(e['seq']) &&
        isSeq(e['ts']) &&
        isString(e['orderId']) &&
        isString(e['userId']) &&
        isSeq(e['quantity']) &&
        isSeq(e['previousQuantity']) &&
        PRIORITIES.has(e['priority'])
      );
    case 'triggered':
      return (
        isSeq(e['seq']) &&
        isSeq(e['ts']) &&
        isString(e['orderId']) &&
        isString(e['userId']) &&
        isSeq(e['stopPrice']) &&
        isSeq(e['lastPrice'])
      );
    case 'status':
      return (
        isSeq(e['seq']) &&
        isSeq(e['ts']) &&
        MARKET_STATUSES.has(e['status']) &&
        MARKET_STATUSES.has(e['previousStatus'])
      );
    default:
      return false;
  }
}

/** The event as the schema returns it (itself when it has no unknown keys), or undefined when refused. */
function checkEvent(event: unknown): MatchingEventMessage | undefined {
  if (!isRecord(event) || !fieldsValid(event)) return undefined;
  if (onlyKeys(event, EVENT_KEY_SETS.get(event['type'])!)) return event as MatchingEventMessage;
  const copy: Record<string, unknown> = {};
  for (const key of EVENT_KEYS.get(event['type'])!) if (key in event) copy[key] = event[key];
  return copy as MatchingEventMessage;
}

/** What zod's object schema takes: an object that is neither null nor an array. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}
