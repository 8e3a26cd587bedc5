/** At most `max` tasks at once; the rest wait in order. (Enough here: no priorities, no timeouts.) */
export function createLimiter(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    if (active < max) waiting.shift()?.();
  };
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          active++;
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              active--;
              next();
            });
        });
        next();
      });
    },
    /** Running plus waiting. */
    get busy(): number {
      return active + waiting.length;
    },
  };
}
