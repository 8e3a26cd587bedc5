import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { DialectName } from "../db/database.js";
import type { Schema } from "../db/schema.js";
import type { Clock } from "./clock.js";
import type { Cursors } from "./cursor.js";
import type { MediaServers } from "./media-servers.js";
import type { Keyring } from "./keyring.js";
import type { PasswordHasher } from "./passwords.js";

/** What services are built from. Each service factory takes only the parts it uses. */
export interface CoreDeps {
  db: Kysely<Schema>;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  keyring: Keyring;
  hasher: PasswordHasher;
  /** Signs and checks list cursors. */
  cursors: Cursors;
  /** The media server nodes orgdeck can tell to drop a stream (none unless ORGDECK_RTMP_CONTROL). */
  media: MediaServers;
}

/** Where a request came from, for audit events. */
export interface RequestContext {
  ip: string;
  requestId: string;
}
