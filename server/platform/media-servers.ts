import { XMLParser } from "fast-xml-parser";

/**
 * The media server nodes orgdeck controls (ORGDECK_RTMP_CONTROL): each is nginx-rtmp's HTTP server
 * with `rtmp_control` at /control and `rtmp_stat` at /stat. Every request has a short deadline: a node
 * that does not answer is reported as unreached, never waited for.
 */
export const MEDIA_APPS = ["live", "rec"] as const;
const DEADLINE_MS = 2000;

export interface MediaNode {
  /** `http://host:port` as configured. */
  base: string;
  /** `host:port`: what the node's callbacks say in `node=` and what members see. */
  label: string;
}

export interface StatStream {
  app: string;
  name: string;
  publisher: { addr: string | null; clientId: string | null } | null;
  /** Clients playing the stream. */
  viewers: number;
  bytesIn: number | null;
  bytesOut: number | null;
}

export interface NodeStat {
  node: MediaNode;
  reachable: boolean;
  streams: StatStream[];
}

export function nodeLabel(base: string): string {
  return new URL(base).host;
}

const xml = new XMLParser({
  ignoreAttributes: true,
  isArray: (name) => ["server", "application", "stream", "client"].includes(name),
});

const num = (v: unknown): number | null =>
  v === undefined || v === null || v === "" || Number.isNaN(Number(v)) ? null : Number(v);
const str = (v: unknown): string | null => (v === undefined || v === null || v === "" ? null : String(v));

/** Reads nginx-rtmp's /stat XML: every stream of every application, its publisher and its players. */
export function parseStat(body: string): StatStream[] {
  const doc = xml.parse(body) as {
    rtmp?: {
      server?: Array<{ application?: Array<{ name?: unknown; live?: { stream?: Array<Record<string, unknown>> } }> }>;
    };
  };
  const out: StatStream[] = [];
  for (const server of doc.rtmp?.server ?? []) {
    for (const app of server.application ?? []) {
      for (const s of app.live?.stream ?? []) {
        const clients = (s.client as Array<Record<string, unknown>> | undefined) ?? [];
        const publishing = clients.find((c) => "publishing" in c);
        out.push({
          app: String(app.name ?? ""),
          name: String(s.name ?? ""),
          publisher: publishing ? { addr: str(publishing.address), clientId: str(publishing.id) } : null,
          viewers: clients.filter((c) => !("publishing" in c)).length,
          bytesIn: num(s.bytes_in),
          bytesOut: num(s.bytes_out),
        });
      }
    }
  }
  return out;
}

export function createMediaServers(bases: readonly string[]) {
  const nodes: MediaNode[] = bases.map((base) => ({ base, label: nodeLabel(base) }));

  async function get(url: string): Promise<string> {
    const res = await fetch(url, { signal: AbortSignal.timeout(DEADLINE_MS), redirect: "error" });
    const body = await res.text();
    if (!res.ok) throw new Error(`${res.status}`);
    return body;
  }

  return {
    nodes,
    configured: nodes.length > 0,

    /**
     * Drops the stream's publisher (or its players) on every node, in both applications. Resolves
     * with the labels of the nodes that could not be reached.
     */
    async drop(kind: "publisher" | "subscriber", name: string): Promise<string[]> {
      const results = await Promise.all(
        nodes.map(async (node) => {
          try {
            for (const app of MEDIA_APPS)
              await get(`${node.base}/control/drop/${kind}?app=${app}&name=${encodeURIComponent(name)}`);
            return null;
          } catch {
            return node.label;
          }
        }),
      );
      return results.filter((l): l is string => l !== null);
    },

    /** Every node's /stat, in parallel; an unreachable node says so instead of failing the whole. */
    async stat(): Promise<NodeStat[]> {
      return Promise.all(
        nodes.map(async (node) => {
          try {
            return { node, reachable: true, streams: parseStat(await get(`${node.base}/stat`)) };
          } catch {
            return { node, reachable: false, streams: [] };
          }
        }),
      );
    },
  };
}
export type MediaServers = ReturnType<typeof createMediaServers>;
