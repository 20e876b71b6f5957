import type { Logger } from '../log/create-logger.js';
import type { WebexClientOptions } from './webex-client.js';
import { currentEventId } from '../log/event-context.js';

/**
 * What the operator sees of Webex calls: every failed attempt (status 0 is no answer) at info with its
 * trackingId, which Webex support asks for; successful ones only at debug.
 */
export function logWebexCalls(log: Logger): NonNullable<WebexClientOptions['onAttempt']> {
  return (a) => {
    const call = `${a.method} ${a.path}`;
    const eventId = currentEventId();
    const event = eventId ? { eventId } : {};
    if (a.status === 0 || a.status >= 400) {
      log.info(
        {
          ...event,
          webex: call,
          status: a.status,
          attempt: a.attempt,
          trackingId: a.trackingId,
          ...(a.failure ? { failure: a.failure } : {}),
        },
        'webex call failed',
      );
    } else {
      log.debug({ ...event, webex: call, status: a.status, trackingId: a.trackingId }, 'webex call');
    }
  };
}
