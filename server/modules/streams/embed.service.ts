import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { decodeJwt } from "jose";
import type { Config } from "../../config.js";
import type { Db } from "../../db/handle.js";
import type { EmbedPasses } from "../../platform/embed-pass.js";
import { hasPackage } from "../../platform/packages.js";
import { createPlayoutUrls } from "../../platform/playout.js";
import { findEmbeddable } from "./embed.repo.js";
import { EMBED_PLAYER_CSS, EMBED_PLAYER_JS } from "./embed-player.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HLS_JS_VERSION = "1.7.4";

export interface EmbedAsset {
  body: string | Buffer;
  type: string;
}

const hashed = (name: string, body: string | Buffer, ext: string) =>
  `${name}-${createHash("sha256").update(body).digest("hex").slice(0, 12)}.${ext}`;

/**
 * Security headers of the embed pages, replacing the dashboard's: any site may frame the player (as a
 * video platform's embeds are meant to be), media and playlists come from the playout server, hls.js
 * runs its worker from a blob. Still no inline script or style.
 */
export function embedHeaders(playoutOrigin: string): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `media-src 'self' blob: ${playoutOrigin}`,
    `connect-src ${playoutOrigin}`,
    "worker-src blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors *",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "cross-origin-resource-policy": "cross-origin",
    // The embedding site's window must not lose its opener link because of us; nothing here is private.
    "cross-origin-opener-policy": "unsafe-none",
  };
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** Whether a playback token (a JWT, unverified: the playout check verifies it) restricts the referring site. */
function restrictsDomain(token: string): boolean {
  if (token.length > 4096) return false;
  try {
    return typeof decodeJwt(token).dom === "string";
  } catch {
    return false;
  }
}

/** The host name of the page that framed the player (the navigation's Referer), or null. */
function framingSite(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.protocol === "http:" || url.protocol === "https:" ? url.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** The player page and its assets; a stream id that cannot be played reads exactly like one that does not exist. */
export function createEmbedService(deps: {
  db: Db;
  config: Pick<Config, "playoutUrl" | "rtmpUrl" | "publicUrl">;
  passes: EmbedPasses;
}) {
  const urls = createPlayoutUrls(deps.config);
  const hlsJs = fs.readFileSync(createRequire(import.meta.url).resolve(`hls.js/dist/hls.light.min.js`));
  const assets = new Map<string, EmbedAsset>([
    [`hls-${HLS_JS_VERSION}.light.min.js`, { body: hlsJs, type: "text/javascript; charset=utf-8" }],
    [hashed("player", EMBED_PLAYER_JS, "js"), { body: EMBED_PLAYER_JS, type: "text/javascript; charset=utf-8" }],
    [hashed("player", EMBED_PLAYER_CSS, "css"), { body: EMBED_PLAYER_CSS, type: "text/css; charset=utf-8" }],
  ]);
  const [hlsName, jsName, cssName] = [...assets.keys()].map((n) => `/embed/assets/${n}`);

  const head = (title: string) =>
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n` +
    `<title>${title}</title>\n<link rel="stylesheet" href="${cssName}">\n</head>\n`;

  const missing =
    head("Stream not found") +
    `<body>\n<main class="missing"><h1>This stream is not available.</h1></main>\n</body>\n</html>\n`;

  function player(streamId: string, pass: string | null): string {
    const hls = urls(streamId).hls;
    const token = pass === null ? "" : ` data-token="${escapeAttr(pass)}"`;
    return (
      head("Live stream") +
      `<body>\n<main id="player" data-state="loading" data-hls="${escapeAttr(hls)}" data-hls-js="${hlsName}"${token}>\n` +
      `<h1 class="visually-hidden">Live stream</h1>\n` +
      `<video id="video" aria-label="Live stream" controls muted autoplay playsinline></video>\n` +
      `<div class="overlay">\n<p id="status" role="status" aria-live="polite">Loading…</p>\n` +
      `<button id="play" type="button" aria-label="Play the stream" hidden>Play</button>\n` +
      `<button id="retry" type="button" aria-label="Try playing the stream again" hidden>Try again</button>\n` +
      `</div>\n</main>\n<script src="${jsName}"></script>\n</body>\n</html>\n`
    );
  }

  return {
    headers: embedHeaders(new URL(deps.config.playoutUrl).origin),
    /**
     * 200 with the player for a stream viewers may be shown; 404 with the same page for anything else.
     * A token restricted to a domain is sealed with the framing site and the viewer's address (a pass,
     * platform/embed-pass.ts), which the player then uses instead of the page's `?token=`.
     */
    async page(
      streamId: string,
      viewer: { token?: string | undefined; referer?: string | undefined; ip: string } = { ip: "" },
    ): Promise<{ status: 200 | 404; html: string }> {
      const id = streamId.toLowerCase();
      if (!UUID.test(id)) return { status: 404, html: missing };
      const row = await findEmbeddable(deps.db, id);
      if (!row || row.state === "deleted" || row.disabled === 1 || !hasPackage(row, "h5live"))
        return { status: 404, html: missing };
      const site = framingSite(viewer.referer);
      const pass =
        viewer.token && site && restrictsDomain(viewer.token) ? deps.passes.seal(viewer.token, site, viewer.ip) : null;
      return { status: 200, html: player(id, pass) };
    },
    asset: (name: string): EmbedAsset | undefined => assets.get(name),
  };
}
export type EmbedService = ReturnType<typeof createEmbedService>;
