import { okResponse } from "../../../contract/common.js";
import {
  createdPlaybackKeyResponse,
  createPlaybackKeyRequest,
  playbackKeyIdParams,
  playbackKeyListResponse,
  playbackTokenResponse,
  streamPlaybackTokenRequest,
  tagPlaybackTokenRequest,
} from "../../../contract/playback.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { PlaybackService } from "./playback.service.js";

const tags = ["playback"];
const manageKeys = { permissions: ["Playback.ManageKeys"] } as const;

export function playbackRoutes(playback: PlaybackService): RouteDefinition[] {
  return [
    defineRoute({
      method: "POST",
      url: "/api/stream/:id/playback-token",
      schema: {
        tags,
        summary: "Mint a secure playback token for one stream (organisations with the Secure package)",
        params: playbackKeyIdParams,
        body: streamPlaybackTokenRequest,
        response: { 200: playbackTokenResponse },
      },
      access: { permissions: ["Playback.CreateToken", "StreamWithId.GetStream"] },
      namesObject: true,
      cache: "no-store",
      // 403 also package_required (derived from the access rule).
      handler: async (req, actor) => playback.mintForStream(actor, req.params.id, req.body),
    }),
    defineRoute({
      method: "POST",
      url: "/api/playback-token",
      schema: {
        tags,
        summary: "Mint a secure playback token for every stream carrying a tag (organisations with the Secure package)",
        body: tagPlaybackTokenRequest,
        response: { 200: playbackTokenResponse },
      },
      access: { permissions: ["Playback.CreateToken"] },
      // The tag must be one of the caller's organisation's: another organisation's reads as missing.
      namesObject: true,
      cache: "no-store",
      openapi: { errors: [404] },
      handler: async (req, actor) => playback.mintForTag(actor, req.body),
    }),
    defineRoute({
      method: "POST",
      url: "/api/playback-key",
      schema: {
        tags,
        summary: "Create a playback signing key (ES256); its private key is in this answer only, never stored",
        body: createPlaybackKeyRequest,
        response: { 201: createdPlaybackKeyResponse },
      },
      access: manageKeys,
      cache: "no-store",
      // 409 quota_exceeded past 5 keys.
      openapi: { errors: [409] },
      handler: async (req, actor, reply) => reply.code(201).send(await playback.createKey(actor, req.body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/playback-key",
      schema: {
        tags,
        summary: "The organisation's playback signing keys (public facts only)",
        response: { 200: playbackKeyListResponse },
      },
      access: manageKeys,
      handler: async (_req, actor) => playback.listKeys(actor),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/playback-key/:id",
      schema: {
        tags,
        summary: "Delete a playback signing key: tokens it signed are refused within 5 seconds everywhere",
        params: playbackKeyIdParams,
        response: { 200: okResponse },
      },
      access: manageKeys,
      namesObject: true,
      handler: async (req, actor) => {
        await playback.deleteKey(actor, req.params.id);
        return { ok: true as const };
      },
    }),
  ];
}
