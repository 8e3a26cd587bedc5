// Minimal types for the parts of autocannon the benchmarks use.
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    method?: string;
    body?: string;
    overallRate?: number;
    requests?: Request[];
  }
  /** One step of a request sequence; setupRequest may rewrite the request before it is sent. */
  interface Request {
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
    setupRequest?: (req: { method?: string; path?: string; body?: string; headers?: Record<string, string> }) => {
      method?: string;
      path?: string;
      body?: string;
      headers?: Record<string, string>;
    };
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    non2xx: number;
    "2xx": number;
    "4xx": number;
    "5xx": number;
    errors: number;
    timeouts: number;
  }
  function autocannon(opts: Options): Promise<Result>;
  namespace autocannon {
    export type { Request, Options, Result };
  }
  export default autocannon;
}
