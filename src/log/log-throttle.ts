export interface LogThrottle {
  /** One more occurrence: `first` runs for the first of a quiet period, the rest are only counted. */
  hit(first: () => void): void;
  /** Stop the summary timer (and write the pending summary, if any). */
  flush(): void;
}

/**
 * Keeps a flood out of the log: the first occurrence is logged in full, later ones are counted and
 * reported as one summary line per interval (`summary(count)`) for as long as they keep coming.
 */
export function createLogThrottle(intervalMs: number, summary: (count: number) => void): LogThrottle {
  let open = false;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    timer = undefined;
    if (count === 0) {
      open = false;
      return;
    }
    const n = count;
    count = 0;
    summary(n);
    arm();
  };
  const arm = () => {
    timer = setTimeout(tick, intervalMs);
    // A pending summary must not keep the process alive on shutdown.
    timer.unref();
  };
  return {
    hit(first) {
      if (!open) {
        open = true;
        first();
        arm();
        return;
      }
      count++;
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (count > 0) summary(count);
      count = 0;
      open = false;
    },
  };
}
