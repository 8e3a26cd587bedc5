import { fileURLToPath } from "node:url";
import swagger from "@fastify/swagger";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import { randomUUID } from "node:crypto";
import type { Database } from "./db/database.js";
import type { Config } from "./config.js";
import { registerDashboard } from "./platform/dashboard.js";
import { registerCompression } from "./platform/compression.js";
import { registerPublicOrigin } from "./platform/public-origin.js";
import { registerSessionCookie } from "./platform/session-cookie.js";
import { registerAccessControl } from "./platform/access-hook.js";
import { createCursors } from "./platform/cursor.js";
import { createMediaServers } from "./platform/media-servers.js";
import { registerIdempotency } from "./platform/idempotency.js";
import { securityHeadersFor } from "./platform/security-headers.js";
import { hasNulInUrl, registerInputGuard } from "./platform/input-guard.js";
import { badRequest } from "./platform/errors.js";
import { createResponseSerializer } from "./platform/serializer.js";
import { scheduleMaintenance } from "./maintenance.js";
import type { ServiceLogger } from "./platform/deps.js";
import type { Clock } from "./platform/clock.js";
import { registerErrorHandling } from "./platform/http-errors.js";
import type { Keyring } from "./platform/keyring.js";
import { loggerOptions } from "./platform/logging.js";
import { openapiOptions } from "./platform/openapi.js";
import { operationalRoutes } from "./platform/operational-routes.js";
import { registerRoutes, trackRoutes } from "./platform/register-routes.js";
import type { RouteDefinition } from "./platform/route-table.js";
import { createPasswordHasher, type PasswordHasher } from "./platform/passwords.js";
import { createOrganisationsService } from "./modules/organisations/organisations.service.js";
import { organisationsRoutes } from "./modules/organisations/organisations.routes.js";
import { createSessionService } from "./modules/users/session.service.js";
import { createUsersService } from "./modules/users/users.service.js";
import { usersRoutes } from "./modules/users/users.routes.js";
import { createTagsService } from "./modules/tags/tags.service.js";
import { tagsRoutes } from "./modules/tags/tags.routes.js";
import { createSetupService } from "./modules/setup/setup.service.js";
import { setupRoutes } from "./modules/setup/setup.routes.js";
import { createStreamsService } from "./modules/streams/streams.service.js";
import { createCallerStreamsService } from "./modules/streams/caller-streams.service.js";
import { createStreamPlayout, PLAYOUT_TOKEN_SECONDS } from "./modules/streams/playout.service.js";
import { createEmbedService } from "./modules/streams/embed.service.js";
import { embedRoutes } from "./modules/streams/embed.routes.js";
import { createRolesService } from "./modules/roles/roles.service.js";
import { rolesRoutes } from "./modules/roles/roles.routes.js";
import { createInvitesService } from "./modules/invites/invites.service.js";
import { invitesRoutes } from "./modules/invites/invites.routes.js";
import { createMembersService } from "./modules/users/members.service.js";
import { membersRoutes } from "./modules/users/members.routes.js";
import { createPasswordResetService, endResetLinksBrokenByRoleEdit } from "./modules/users/password-reset.service.js";
import { passwordResetRoutes } from "./modules/users/password-reset.routes.js";
import { createAuditService } from "./modules/audit/audit.service.js";
import { auditRoutes } from "./modules/audit/audit.routes.js";
import { streamsRoutes } from "./modules/streams/streams.routes.js";
import { createIngestService } from "./modules/ingest/ingest.service.js";
import { createAnalyticsService } from "./modules/analytics/analytics.service.js";
import { analyticsRoutes } from "./modules/analytics/analytics.routes.js";
import { ingestRoutes } from "./modules/ingest/ingest.routes.js";
import { watchLiveStreams } from "./modules/ingest/live-watch.js";
import type { Resolver } from "./platform/outbound.js";
import { createVodService } from "./modules/vod/vod.service.js";
import { createCallerVodsService } from "./modules/vod/caller-vods.service.js";
import { vodRoutes } from "./modules/vod/vod.routes.js";
import { createDispatcher } from "./modules/events/dispatcher.js";
import { auditEndpointDisabled, createEventsService } from "./modules/events/events.service.js";
import { eventsRoutes } from "./modules/events/events.routes.js";
import { createPlaybackService } from "./modules/playback/playback.service.js";
import { playbackRoutes } from "./modules/playback/playback.routes.js";
import { createCaptureTokens } from "./platform/capture-token.js";
import { createEmbedPasses } from "./platform/embed-pass.js";
import { createThumbnailsService, thumbnailPath } from "./modules/thumbnails/thumbnails.service.js";
import { thumbnailsRoutes } from "./modules/thumbnails/thumbnails.routes.js";
import { createTokenStanding } from "./modules/users/token-standing.service.js";
import { createLiveUpdates } from "./modules/live/live.service.js";
import { liveRoutes } from "./modules/live/live.routes.js";

export interface AppDeps {
  config: Config;
  database: Database;
  keyring: Keyring;
  clock: Clock;
  hasher?: PasswordHasher;
  /** Name resolution for outgoing webhook calls (tests pass a stub; never dial private ranges). */
  resolve?: Resolver;
  /** Where the built dashboard lives; defaults to web/dist beside the sources. */
  webRoot?: string;
  /** Where log lines go instead of stdout (tests read them back). */
  logStream?: { write(line: string): void };
  /** Limits against slow clients; tests shorten them. */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Validate every answer against its zod schema before writing it (the test suite turns this on). */
  checkResponses?: boolean;
}

export interface HttpTimeouts {
  /** The whole request head must arrive within this. */
  headersMs: number;
  /** The whole request (head and body) must arrive within this. */
  requestMs: number;
  /** How often Node checks the two limits above on open connections. */
  checkIntervalMs: number;
}
const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 15_000, requestMs: 30_000, checkIntervalMs: 5_000 };

/** `log` is where services write operational warnings (the app's logger; none for scripts). */
export function buildServices(deps: AppDeps, log?: ServiceLogger) {
  const core = {
    db: deps.database.db,
    dialect: deps.database.dialect,
    clock: deps.clock,
    config: deps.config,
    keyring: deps.keyring,
    hasher: deps.hasher ?? createPasswordHasher(),
    cursors: createCursors(deps.keyring.derive("cursor")),
    media: createMediaServers(deps.config.rtmpControl),
    // The dispatcher (below) is woken after commits that wrote events; called only after it exists.
    notifyEvents: () => dispatcher.notify(),
    ...(log ? { log } : {}),
  };
  // Built here but started by whoever serves (main.ts after listen, the test harness): scripts and
  // benches that build services never send. Every instance runs one; the database claim keeps them apart.
  const dispatcher = createDispatcher({
    database: deps.database,
    keyring: deps.keyring,
    clock: deps.clock,
    allowPrivate: deps.config.webhookAllowPrivate,
    ports: deps.config.webhookPorts,
    retrySchedule: deps.config.eventRetrySchedule,
    onDisabled: auditEndpointDisabled(deps.clock),
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
    ...(log ? { log } : {}),
  });
  const events = createEventsService({
    db: core.db,
    clock: core.clock,
    keyring: core.keyring,
    cursors: core.cursors,
    allowPrivate: deps.config.webhookAllowPrivate,
    ports: deps.config.webhookPorts,
    notify: () => dispatcher.notify(),
  });
  const users = createUsersService(core);
  const session = createSessionService(core);
  const organisations = createOrganisationsService(core, users);
  const tags = createTagsService(core);
  const streams = createStreamsService(core);
  const setup = createSetupService(core, organisations, session);
  const roles = createRolesService(core, { endBrokenResetLinks: endResetLinksBrokenByRoleEdit });
  const invites = createInvitesService(core, roles, users, session);
  const members = createMembersService(core, invites);
  const passwordResets = createPasswordResetService(core);
  const audit = createAuditService(core);
  const vods = createVodService(core);
  const playback = createPlaybackService(core, streams, tags, organisations);
  // Thumbnails read HLS with a token only the server key makes; playback authorisation knows it as ours.
  // Like the dispatcher, the capture scheduler is started by whoever serves (main.ts, the harness on request).
  const captureTokens = createCaptureTokens(deps.keyring.derive("thumbnail-capture"));
  const thumbnails = createThumbnailsService(core, streams, organisations, captureTokens);
  // Domain-restricted tokens in orgdeck's own embed page: the framing site, sealed when the page loads.
  const embedPasses = createEmbedPasses(deps.keyring.derive("embed-pass"));
  const analytics = createAnalyticsService(core);
  const ingest = createIngestService(core, organisations, streams, vods, {
    usage: analytics.sink,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
    playback,
    isCapture: (token, streamId) => captureTokens.verify(token, streamId, deps.clock.now()),
    openEmbedPass: embedPasses.open,
  });
  // What a route needs beyond one module: each composes two services so a handler makes one call.
  // Organisations with Secure get playout URLs carrying a fresh playback token for the stream.
  const playout = createStreamPlayout(
    deps.config,
    async (orgId, streamId) => {
      const minted = await playback.mintPlaybackToken(orgId, { streamId }, { expiresIn: PLAYOUT_TOKEN_SECONDS });
      return minted.token;
    },
    core.clock,
  );
  const callerStreams = createCallerStreamsService(streams, organisations, playout, {
    withThumbnail: thumbnails.withThumbnail,
    path: thumbnailPath,
  });
  const embed = createEmbedService({ db: core.db, config: deps.config, passes: embedPasses });
  const callerVods = createCallerVodsService(vods, organisations);
  // Open dashboards' event streams: one change-feed reader per instance, tokens re-checked in batches.
  const live = createLiveUpdates({
    db: core.db,
    standing: createTokenStanding(core).standing,
    ...(log ? { log } : {}),
  });
  return {
    users,
    session,
    organisations,
    tags,
    streams,
    callerStreams,
    embed,
    setup,
    roles,
    invites,
    members,
    passwordResets,
    audit,
    ingest,
    analytics,
    vods,
    callerVods,
    playback,
    thumbnails,
    events,
    dispatcher,
    live,
    media: core.media,
  };
}
export type Services = ReturnType<typeof buildServices>;

const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../web/dist", import.meta.url));

/** The one place where plugins and modules are put together. */
export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: Services }> {
  const { config } = deps;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.httpTimeouts };
  const app = Fastify({
    // A client dripping its headers (slowloris) is cut off after headersMs, checked every checkIntervalMs.
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    logger: loggerOptions(config.logLevel, deps.logStream),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy as boolean | string,
    bodyLimit: 64 * 1024,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: 60_000,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false },
    // One access line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  trackRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializer({ check: deps.checkResponses ?? false }));
  // JSON only: a text/plain body to a JSON route is refused with 415, not half-parsed.
  app.removeContentTypeParser("text/plain");

  // One onRequest hook for what every answer carries (fewer hooks, less per-request overhead): the
  // security headers, the request id, and no-store on the API unless a route says otherwise.
  const securityHeaders = securityHeadersFor(deps.config.playoutUrl);
  app.addHook("onRequest", (request, reply, done) => {
    if (hasNulInUrl(request.url)) return done(badRequest("the URL must not contain NUL characters"));
    reply.headers(securityHeaders);
    reply.header("x-request-id", request.id);
    if (request.url.startsWith("/api/")) reply.header("cache-control", "no-store");
    done();
  });
  registerInputGuard(app);

  if (["trace", "debug", "info"].includes(app.log.level)) {
    app.addHook("onResponse", (request, reply, done) => {
      request.log.info(
        { req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        "request",
      );
      done();
    });
  }

  await app.register(swagger, openapiOptions({ publicUrl: config.publicUrl, version: "0.1.0" }));

  registerErrorHandling(app);
  const services = buildServices(deps, app.log);
  app.addHook("onClose", async () => services.ingest.flush());
  // Sends in flight finish and record their outcome while the database is still open (main.ts and
  // the harness close it after app.close()); a send cut short would only be retried after its lease.
  app.addHook("onClose", async () => services.dispatcher.stop());
  // Running captures are killed and give their leases back, so another instance takes them over at once.
  app.addHook("onClose", async () => services.thumbnails.stop());
  app.addHook("onClose", async () => services.analytics.stop());
  // Live-update streams never fall idle: they are ended before the server waits for its connections.
  app.addHook("preClose", async () => services.live.stop());
  watchLiveStreams(app, {
    config,
    clock: deps.clock,
    media: services.media,
    streams: services.streams,
    ingest: services.ingest,
  });
  registerAccessControl(app, async (cred, ctx) =>
    cred.kind === "token"
      ? services.session.resolveToken(cred.secret, ctx)
      : services.organisations.resolveKey(cred.kind, cred.secret, ctx),
  );
  registerIdempotency(app, { db: deps.database.db, clock: deps.clock, keyring: deps.keyring });
  registerPublicOrigin(app, config);
  registerSessionCookie(app, config, deps.clock);
  // After idempotency, so a stored answer is the plain JSON; before the routes, which it hooks.
  await registerCompression(app);
  scheduleMaintenance(app, deps.database.db, deps.clock);

  registerRoutes(app, [
    ...operationalRoutes({
      pingDatabase: () => deps.database.ping(),
      document: () => app.swagger(),
      vodDir: config.recordingsDir ? config.vodDir : undefined,
    }),
    ...moduleRoutes(services),
  ]);

  await registerDashboard(app, deps.webRoot ?? DEFAULT_WEB_ROOT);
  return { app, services };
}

/** Every module's routes, in registration order. */
function moduleRoutes(services: Services): RouteDefinition[] {
  return [
    ...usersRoutes(services.session),
    ...organisationsRoutes(services.organisations),
    ...tagsRoutes(services.tags),
    ...setupRoutes(services.setup),
    ...rolesRoutes(services.roles),
    ...invitesRoutes(services.invites),
    ...membersRoutes(services.members),
    ...passwordResetRoutes(services.passwordResets),
    ...auditRoutes(services.audit),
    ...streamsRoutes(services.streams, services.callerStreams),
    ...embedRoutes(services.embed),
    ...ingestRoutes(services.ingest),
    ...analyticsRoutes(services.analytics),
    ...vodRoutes(services.vods, services.callerVods),
    ...eventsRoutes(services.events),
    ...playbackRoutes(services.playback),
    ...thumbnailsRoutes(services.thumbnails),
    ...liveRoutes(services.live),
  ];
}
