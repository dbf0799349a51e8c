// Letting other work run between long steps.

/** Resolves on the next macrotask, so queued messages run; setTimeout works in workers, pages and Node. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A macrotask queued through a message port: unlike a nested setTimeout(0), never clamped to 4 ms. */
function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return yieldToEventLoop();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Longest stretch between two timer yields in a busy loop (a timer lets every other task source in). */
const TIMER_YIELD_MS = 50;

/**
 * Yields between the steps of a busy loop: a message-port task each time (queued messages run; no 4 ms clamp),
 * and a timer task when `since` is TIMER_YIELD_MS or more ago. Returns the time of the last timer yield.
 */
export async function yieldNow(since: number): Promise<number> {
  const now = performance.now();
  if (now - since >= TIMER_YIELD_MS) {
    await yieldToEventLoop();
    return performance.now();
  }
  await nextTask();
  return since;
}
