// Small async helpers of the load tester: bounded concurrency and polling with a deadline.

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Run `fn` over `items`, `limit` at a time. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({length: Math.min(limit, queue.length)}, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

/** Poll `test` every `stepMs` until it holds (true) or `timeoutMs` passed (false). */
export async function until(test: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() >= deadline) return false;
    await sleep(stepMs);
  }
  return true;
}
