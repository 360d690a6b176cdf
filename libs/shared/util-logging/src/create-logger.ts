import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  service: string;
  level?: LoggerOptions['level'];
  /** Where the JSON lines go; standard output when left out. */
  destination?: DestinationStream;
}

/** A pino logger writing one JSON object a line, stamped with the service and the current request's ids. */
export function createLogger({ service, level = 'info', destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const context = currentRequestContext();
      return context ? { requestId: context.requestId, traceId: context.traceId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
