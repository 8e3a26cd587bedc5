import type { PlaybackKeyResponse } from "../../../contract/playback.js";
import { toIso } from "../../platform/clock.js";
import type { PlaybackKeyRow } from "./playback.repo.js";

/** A signing key as members see it: never a private half (customer keys have none stored anyway). */
export function presentKey(row: Pick<PlaybackKeyRow, "id" | "kid" | "name" | "created_at">): PlaybackKeyResponse {
  return { id: row.id, kid: row.kid, name: row.name, createdAt: toIso(row.created_at) };
}
