/**
 * The clock a test hands to `deps.now`: pinned at `start` when given (use-case tests), else running
 * with real time (a whole stack over HTTP). Either way `advance` moves it forward, so a test can let a
 * wave close and settle without waiting and without rewriting stored times.
 */
export const testClock = (start?: string) => {
  let offset = 0;
  const base = start === undefined ? () => Date.now() : () => Date.parse(start);
  return {
    now: () => new Date(base() + offset),
    advance: (ms: number) => {
      offset += ms;
    },
  };
};
export type TestClock = ReturnType<typeof testClock>;
