import { Writable } from 'node:stream';
import {
  createLogger,
  createSecretRegistry,
  type Logger,
  type SecretRegistry,
} from '../../src/log/create-logger.js';

export interface CapturedLog {
  log: Logger;
  secrets: SecretRegistry;
  lines: string[];
  text(): string;
}

/** A real pino logger (same redaction as production) writing into memory, so tests can read every line. */
export function captureLog(level = 'debug'): CapturedLog {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  const secrets = createSecretRegistry();
  const log = createLogger({ level, destination: stream, secrets });
  return { log, secrets, lines, text: () => lines.join('\n') };
}
