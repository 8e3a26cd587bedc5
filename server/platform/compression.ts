import { constants } from "node:zlib";
import compress from "@fastify/compress";
import type { FastifyInstance } from "fastify";

/** Answers smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * JSON answers of 1 KiB and more are compressed (brotli at quality 4, else gzip) when the client accepts
 * it. Only JSON: the dashboard's files are compressed once at build time (platform/dashboard.ts),
 * media (VOD, thumbnails) is compressed already, and an event stream (`text/event-stream`) must reach
 * the client event by event, which a compressor would hold back. Request bodies are never inflated:
 * a small compressed body could otherwise expand past the body limit's intent.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    globalCompression: true,
    globalDecompression: false,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ["br", "gzip"],
    customTypes: /^application\/(?:[\w.-]+\+)?json(?:;|$)/,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
}
