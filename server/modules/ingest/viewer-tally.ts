import type { StreamsService } from "../streams/streams.service.js";

/**
 * Viewer counts change once per player: they are summed in memory and written at most every 100 ms,
 * one statement per stream, so a crowd joining costs a handful of writes rather than one each.
 */
export function createViewerTally(streams: StreamsService) {
  const pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [id, delta] of batch) if (delta !== 0) await streams.addViewers(id, delta);
  }
  return {
    add(streamId: string, delta: number): void {
      pending.set(streamId, (pending.get(streamId) ?? 0) + delta);
      timer ??= setTimeout(() => void flush().catch(() => undefined), 100).unref();
    },
    flush,
  };
}
