export interface TestPostgres {
  url: string;
  /** Where it came from, for the log: the variable, the probed port, or the throwaway cluster. */
  source: string;
  /** Removes the cluster if this run started it; synchronous, so exit and signal handlers can call it. */
  stop(): void;
}
export function ensureTestPostgres(): Promise<TestPostgres>;
export function isListening(port: number): Promise<boolean>;
export function pgBinDir(): string | null;
