import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreatedPlaybackKeyResponse,
  PlaybackKeyListResponse,
  PlaybackTokenResponse,
  StreamPlaybackTokenRequest,
  TagPlaybackTokenRequest,
} from "../../../../contract/playback.js";
import { api } from "../../../lib/api.js";

/** A secure playback token for one stream; never cached (each press mints a new one). */
export const useMintStreamToken = (streamId: string) =>
  useMutation({
    mutationFn: (options: StreamPlaybackTokenRequest) =>
      api<PlaybackTokenResponse>(`/api/stream/${encodeURIComponent(streamId)}/playback-token`, {
        method: "POST",
        body: options,
      }),
  });

/** A secure playback token for every stream carrying a tag (now and later); never cached either. */
export const useMintTagToken = () =>
  useMutation({
    mutationFn: (request: TagPlaybackTokenRequest) =>
      api<PlaybackTokenResponse>("/api/playback-token", { method: "POST", body: request }),
  });

const keysKey = ["playback-keys"];

export const usePlaybackKeys = () =>
  useQuery({ queryKey: keysKey, queryFn: () => api<PlaybackKeyListResponse>("/api/playback-key") });

/** The answer carries the private key: it is shown once and never put in the query cache. */
export const useCreatePlaybackKey = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api<CreatedPlaybackKeyResponse>("/api/playback-key", { method: "POST", body: name ? { name } : {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keysKey }),
  });
};

export const useDeletePlaybackKey = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<unknown>(`/api/playback-key/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keysKey }),
  });
};
