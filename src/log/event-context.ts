import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which Webex event the running code serves, so lines written far from the event's own logger (a Webex call,
 * a store retry) still carry its id. Only our own async code enters it: the framework's internal promise
 * chains run outside it (see start-framework), since its scheduler could carry one event's context into
 * another's work and mislabel a line, which is worse than an unlabelled one.
 */
const current = new AsyncLocalStorage<{ eventId: string }>();

export function inEvent<T>(eventId: string, fn: () => T): T {
  return current.run({ eventId }, fn);
}

export function outsideEvents<T>(fn: () => T): T {
  return current.exit(fn);
}

export function currentEventId(): string | undefined {
  return current.getStore()?.eventId;
}

/** `{ eventId }` inside an event, `{}` outside: for lines written with a logger that is not the event's own. */
export function eventFields(): { eventId?: string } {
  const eventId = currentEventId();
  return eventId ? { eventId } : {};
}
