import type { Config } from "../config.js";
import type { DialectName } from "../db/database.js";
import type { Db } from "../db/handle.js";
import type { Clock } from "./clock.js";
import type { Cursors } from "./cursor.js";
import type { MediaServers } from "./media-servers.js";
import type { Keyring } from "./keyring.js";
import type { PasswordHasher } from "./passwords.js";

/** Where a service writes operational warnings: the app's logger, handed in when services are built. */
export interface ServiceLogger {
  warn(obj: object, msg: string): void;
}
/** For services built without a logger (scripts, benches): the failure is still in the data they write. */
export const SILENT: ServiceLogger = { warn: () => {} };

/** What services are built from. Each service factory takes only the parts it uses. */
export interface CoreDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  keyring: Keyring;
  hasher: PasswordHasher;
  /** Signs and checks list cursors. */
  cursors: Cursors;
  /** The media server nodes orgdeck can tell to drop a stream (none unless ORGDECK_RTMP_CONTROL). */
  media: MediaServers;
  /** Wakes the event dispatcher after a commit that wrote events (the outbox); absent in scripts. */
  notifyEvents?: () => void;
  /** Services never import a logger; they get this one (defaults to SILENT where none is given). */
  log?: ServiceLogger;
}

/** Where a request came from, for audit events. */
export interface RequestContext {
  ip: string;
  requestId: string;
}
