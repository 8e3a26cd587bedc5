import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./20261128_0001_initial.js";
import * as m0002 from "./20261128_0002_invites.js";
import * as m0003 from "./20261128_0003_ingest_calls.js";
import * as m0004 from "./20261128_0004_vod_assets.js";
import * as m0005 from "./20261129_0005_idempotency_keys.js";
import * as m0006 from "./20261129_0006_token_last_used.js";
import * as m0007 from "./20261129_0007_scale.js";
import * as m0008 from "./20261129_0008_stream_live.js";
import * as m0009 from "./20261129_0009_org_limits.js";
import * as m0010 from "./20261201_0010_password_resets.js";
import * as m0011 from "./20261201_0011_webhook_secret.js";
import * as m0012 from "./20261201_0012_event_delivery.js";
import * as m0013 from "./20261207_0013_password_reset_issuer.js";
import * as m0016 from "./20261207_0016_playback_keys.js";
import * as m0017 from "./20261207_0017_hls_viewers.js";
import * as m0019 from "./20261207_0019_thumbnails.js";
import * as m0020 from "./20261207_0020_thumbnail_failures.js";
import * as m0021 from "./20261207_0021_find_things.js";
import * as m0023 from "./20261207_0023_live_changes.js";
import * as m0025 from "./20261207_0025_analytics.js";

/** Every migration, in order. A landed migration is never edited: add a new file instead. */
const MIGRATIONS: Record<string, Migration> = {
  "20261128_0001_initial": m0001,
  "20261128_0002_invites": m0002,
  "20261128_0003_ingest_calls": m0003,
  "20261128_0004_vod_assets": m0004,
  "20261129_0005_idempotency_keys": m0005,
  "20261129_0006_token_last_used": m0006,
  "20261129_0007_scale": m0007,
  "20261129_0008_stream_live": m0008,
  "20261129_0009_org_limits": m0009,
  "20261201_0010_password_resets": m0010,
  "20261201_0011_webhook_secret": m0011,
  "20261201_0012_event_delivery": m0012,
  "20261207_0013_password_reset_issuer": m0013,
  "20261207_0016_playback_keys": m0016,
  "20261207_0017_hls_viewers": m0017,
  "20261207_0019_thumbnails": m0019,
  "20261207_0020_thumbnail_failures": m0020,
  "20261207_0021_find_things": m0021,
  "20261207_0023_live_changes": m0023,
  "20261207_0025_analytics": m0025,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
