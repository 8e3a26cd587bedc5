import ipaddr from "ipaddr.js";
import { z } from "zod";
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from "./modules/events/retry-schedule.js";

/** Parses a duration such as `24h`, `30m`, `90s`, `2d` or plain seconds into milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) throw new Error(`invalid duration "${value}" (use e.g. 24h, 30m, 90s)`);
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1000;
  return n * factor;
}

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().default("sqlite:./data/orgdeck.db"),
  // Empty counts as unset (a compose file's `PUBLIC_URL=`).
  PUBLIC_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  ORGDECK_SECRET_KEY: z.string().optional(),
  ORGDECK_DATA_DIR: z.string().default("./data"),
  ORGDECK_TOKEN_TTL: z.string().default("24h").transform(parseDuration),
  ORGDECK_TOKEN_IDLE: z
    .string()
    .default("0")
    .transform((v) => (v.trim() === "0" || v.trim() === "" ? 0 : parseDuration(v))),
  ORGDECK_INGEST_SECRET: z.string().optional(),
  ORGDECK_WEBHOOK_ALLOW_PRIVATE: flag,
  ORGDECK_TRUST_PROXY: z.string().optional(),
  ORGDECK_RTMP_URL: z.string().optional(),
  ORGDECK_PLAYOUT_URL: z.string().optional(),
  ORGDECK_TERMS_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), { message: "must be an http(s) URL" })
    .optional(),
  ORGDECK_VOD_DIR: z.string().optional(),
  ORGDECK_RECORDINGS_DIR: z.string().optional(),
  ORGDECK_FFMPEG: z.string().default("ffmpeg"),
  ORGDECK_WEBHOOK_DEADLINE: z.string().default("2s").transform(parseDuration),
  ORGDECK_RTMP_CONTROL: z.string().optional(),
  ORGDECK_RTMP_UPDATE_INTERVAL: z.string().default("10s").transform(parseDuration),
  ORGDECK_RTMP_STAT_INTERVAL: z.string().default("15s").transform(parseDuration),
  ORGDECK_INGEST_ALLOW: z.string().optional(),
  ORGDECK_WEBHOOK_PORTS: z.string().optional(),
  ORGDECK_EVENT_RETRY_SCHEDULE: z.string().default(DEFAULT_RETRY_SCHEDULE),
  ORGDECK_THUMBNAIL_INTERVAL: z.string().default("10s"),
  ORGDECK_THUMBNAIL_CONCURRENCY: z.string().default("2"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Base URL used in links the server prints or returns (setup, invites); PUBLIC_URL or the default. */
  publicUrl: string;
  /**
   * PUBLIC_URL is unset: links made for a request use the address that request came in on
   * (platform/public-origin.ts), and `publicUrl` (http://localhost:PORT) serves only the rest.
   */
  publicUrlFromRequest: boolean;
  /** The operator's terms of use; when set, joining by invitation asks to accept them. */
  termsUrl: string | null;
  /** Raw secret from the environment; when absent one is generated into the data folder. */
  secretKey: string | undefined;
  dataDir: string;
  tokenTtlMs: number;
  /** A bintu token unused this long dies before its lifetime is over; 0 turns the idle limit off. */
  tokenIdleMs: number;
  ingestSecret: string | undefined;
  webhookAllowPrivate: boolean;
  /** Proxy hops to trust for the client address (Fastify `trustProxy`); false unless configured. */
  trustProxy: boolean | string;
  logLevel: string;
  /** RTMP ingest address shown to members (the media server's `live` application). */
  rtmpUrl: string;
  /** Public base URL of the media server's HLS playout (`<playoutUrl>/hls/<streamId>/index.m3u8`). */
  playoutUrl: string;
  /** How long the publish webhook may take before the publish is refused. */
  webhookDeadlineMs: number;
  /** Where remuxed VOD files are kept (`<vodDir>/<orgHash>/<file>.mp4`). */
  vodDir: string;
  /** The media server's record_path; record_done may only name files inside it. Unset: recording off. */
  recordingsDir: string | undefined;
  ffmpeg: string;
  /** Base URLs of the media servers' control/stat HTTP servers (`http://127.0.0.1:8080`), one per node. */
  rtmpControl: string[];
  /** nginx's notify_update_timeout: a live stream silent for 3 of these is marked ended. */
  rtmpUpdateIntervalMs: number;
  /** How often each node's /stat is compared with what orgdeck believes is live. */
  rtmpStatIntervalMs: number;
  /** CIDRs the media-server callbacks may come from; empty: any address (the secret still applies). */
  ingestAllow: string[];
  /** Ports webhooks may use: 443 and 8443 (and 80 with webhookAllowPrivate), or "any". */
  webhookPorts: number[] | "any";
  /** Delays (ms) before each retry of a failed event delivery; the Standard Webhooks schedule by default. */
  eventRetrySchedule: number[];
  /** A live stream's thumbnail is taken again once the last one is this old (Live Processing thumbnail). */
  thumbnailIntervalMs: number;
  /** At most this many ffmpeg thumbnail captures run at once on this instance; 0: none here. */
  thumbnailConcurrency: number;
}

function ports(v: string | undefined, allowPrivate: boolean): number[] | "any" {
  if (v === undefined || v.trim() === "") return allowPrivate ? [80, 443, 8443] : [443, 8443];
  if (v.trim() === "any") return "any";
  return list(v).map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new Error(`invalid configuration: ORGDECK_WEBHOOK_PORTS: "${p}" is not a port`);
    return n;
  });
}

/** `a, b,,c` → ["a", "b", "c"]. */
const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");

function retrySchedule(v: string): number[] {
  try {
    return parseRetrySchedule(v);
  } catch (err) {
    throw new Error(
      `invalid configuration: ORGDECK_EVENT_RETRY_SCHEDULE: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** A duration variable, its error naming the variable (the others fail inside zod without it). */
function duration(name: string, v: string, minMs: number): number {
  let ms: number;
  try {
    ms = parseDuration(v);
  } catch (err) {
    throw new Error(`invalid configuration: ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (ms < minMs) throw new Error(`invalid configuration: ${name}: "${v}" is shorter than ${minMs} ms`);
  return ms;
}

function count(name: string, v: string, min: number, max: number): number {
  const n = Number(v.trim());
  if (!/^\d+$/.test(v.trim()) || n < min || n > max)
    throw new Error(`invalid configuration: ${name}: "${v}" must be a whole number from ${min} to ${max}`);
  return n;
}

function playoutUrl(v: string | undefined, publicUrl: string | undefined): string {
  if (v === undefined || v.trim() === "") return `http://${new URL(publicUrl ?? "http://localhost").hostname}:8080`;
  let url: URL;
  try {
    url = new URL(v.trim());
  } catch {
    throw new Error(`invalid configuration: ORGDECK_PLAYOUT_URL: "${v}" is not a URL (e.g. https://play.example.com)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`invalid configuration: ORGDECK_PLAYOUT_URL: "${v}" must be http(s)`);
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")
    throw new Error(`invalid configuration: ORGDECK_PLAYOUT_URL: "${v}" must have no query, fragment or credentials`);
  return url.href.replace(/\/+$/, "");
}

function controlUrls(v: string | undefined): string[] {
  return list(v).map((u) => {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new Error(`invalid configuration: ORGDECK_RTMP_CONTROL: "${u}" is not a URL (e.g. http://127.0.0.1:8080)`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new Error(`invalid configuration: ORGDECK_RTMP_CONTROL: "${u}" must be http(s)`);
    return url.origin;
  });
}

function cidrs(v: string | undefined): string[] {
  return list(v).map((c) => {
    const ok =
      /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(c) &&
      ipaddr.isValid(c.split("/")[0]!) &&
      (!c.includes("/") || ipaddr.isValidCIDR(c));
    if (!ok)
      throw new Error(
        `invalid configuration: ORGDECK_INGEST_ALLOW: "${c}" is not an address or CIDR (e.g. 10.0.0.0/8)`,
      );
    return c;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  const trust = e.ORGDECK_TRUST_PROXY;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    publicUrlFromRequest: e.PUBLIC_URL === undefined,
    secretKey: e.ORGDECK_SECRET_KEY,
    dataDir: e.ORGDECK_DATA_DIR,
    tokenTtlMs: e.ORGDECK_TOKEN_TTL,
    tokenIdleMs: e.ORGDECK_TOKEN_IDLE,
    ingestSecret: e.ORGDECK_INGEST_SECRET,
    webhookAllowPrivate: e.ORGDECK_WEBHOOK_ALLOW_PRIVATE,
    trustProxy: trust === undefined || trust === "" || trust === "false" ? false : trust === "true" ? true : trust,
    logLevel: e.LOG_LEVEL,
    rtmpUrl: e.ORGDECK_RTMP_URL ?? `rtmp://${new URL(e.PUBLIC_URL ?? "http://localhost").hostname}:1935/live`,
    playoutUrl: playoutUrl(e.ORGDECK_PLAYOUT_URL, e.PUBLIC_URL),
    webhookDeadlineMs: e.ORGDECK_WEBHOOK_DEADLINE,
    vodDir: e.ORGDECK_VOD_DIR ?? `${e.ORGDECK_DATA_DIR.replace(/\/+$/, "")}/vod`,
    recordingsDir: e.ORGDECK_RECORDINGS_DIR,
    ffmpeg: e.ORGDECK_FFMPEG,
    rtmpControl: controlUrls(e.ORGDECK_RTMP_CONTROL),
    rtmpUpdateIntervalMs: Math.max(1000, e.ORGDECK_RTMP_UPDATE_INTERVAL),
    rtmpStatIntervalMs: Math.max(1000, e.ORGDECK_RTMP_STAT_INTERVAL),
    ingestAllow: cidrs(e.ORGDECK_INGEST_ALLOW),
    webhookPorts: ports(e.ORGDECK_WEBHOOK_PORTS, e.ORGDECK_WEBHOOK_ALLOW_PRIVATE),
    termsUrl: e.ORGDECK_TERMS_URL ?? null,
    eventRetrySchedule: retrySchedule(e.ORGDECK_EVENT_RETRY_SCHEDULE),
    thumbnailIntervalMs: duration("ORGDECK_THUMBNAIL_INTERVAL", e.ORGDECK_THUMBNAIL_INTERVAL, 1000),
    thumbnailConcurrency: count("ORGDECK_THUMBNAIL_CONCURRENCY", e.ORGDECK_THUMBNAIL_CONCURRENCY, 0, 64),
  };
}
