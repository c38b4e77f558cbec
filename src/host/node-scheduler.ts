import type { Scheduler } from '../gateway';

/**
 * Node's real time and timers for one engine's LiveClock (src/gateway/index.ts, "A live server").
 * The clock re-plans whenever one of its timers is set or cleared (cancel, then schedule its
 * earliest), several times per message under load, while that earliest due rarely moves. So one
 * Node timer serves every handle: it stays armed unless a sooner due comes, fires each handle
 * due by the time it was armed for (as a timer of its own would have fired), and re-arms for the
 * next. Once no handle is left it is cleared (a tick later: a cancel is usually followed at once
 * by a schedule), so an idle gateway holds no timer.
 */
export function createNodeScheduler(): Scheduler {
  const due = new Map<number, { at: number; fn: () => void }>();
  let nextHandle = 1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let idleCheck = false;

  const arm = (at: number) => {
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(fire, Math.max(0, at - performance.now()));
  };
  const fire = () => {
    const upTo = timerAt;
    timer = undefined;
    timerAt = Infinity;
    const ready: (() => void)[] = [];
    for (const [handle, entry] of due)
      if (entry.at <= upTo) {
        due.delete(handle);
        ready.push(entry.fn);
      }
    for (const fn of ready) fn();
    let next = Infinity;
    for (const entry of due.values()) next = Math.min(next, entry.at);
    if (next < timerAt) arm(next);
  };
  return {
    monotonic: () => performance.now(),
    schedule(ms, fn) {
      const handle = nextHandle++;
      const at = performance.now() + ms;
      due.set(handle, { at, fn });
      if (at < timerAt) arm(at);
      return handle;
    },
    cancel(handle) {
      if (!due.delete(handle as number) || due.size > 0 || idleCheck) return;
      idleCheck = true;
      queueMicrotask(() => {
        idleCheck = false;
        if (due.size > 0) return;
        clearTimeout(timer);
        timer = undefined;
        timerAt = Infinity;
      });
    },
  };
}
