// Letting other work run between long steps.

/** Resolves on the next macrotask, so queued messages run; setTimeout works in workers, pages and Node. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
