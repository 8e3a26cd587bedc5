import { buildApp } from "./app.js";
import { loadConfig } from "./config.js";
import { migrateToLatest, openDatabase } from "./db/database.js";
import { systemClock } from "./platform/clock.js";
import { createKeyring, loadServerKey } from "./platform/keyring.js";

const SHUTDOWN_GRACE_MS = 20_000;

/** HOST binds only this machine (localhost, 127.0.0.0/8, ::1). */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(?:\.\d{1,3}){3}$/.test(h);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, {
    error: (obj, msg) => console.error(JSON.stringify({ level: "error", msg, ...(obj as object) })),
  });
  await migrateToLatest(database);
  const keyring = createKeyring(loadServerKey(config.secretKey, config.dataDir));
  const { app, services } = await buildApp({ config, database, keyring, clock: systemClock });
  // Migration 0011 cannot seal secrets (the server key never enters a migration): fill them in here.
  await services.organisations.fillMissingWebhookSecrets();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      app.log.error("graceful shutdown timed out");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // A keep-alive connection whose request finishes during the shutdown would otherwise linger for
    // the keep-alive timeout: close each as soon as it falls idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    sweep.unref();
    await app.close();
    clearInterval(sweep);
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  const address = await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`orgdeck listening on ${address.replace("0.0.0.0", "localhost")}\n`);
  if (config.publicUrlFromRequest && !isLoopback(config.host))
    app.log.warn(
      { host: config.host },
      "PUBLIC_URL is not set while orgdeck listens beyond this machine: links (invitations, password resets, " +
        "embeds) use the address each request came in on. Set PUBLIC_URL to the address members use.",
    );
  // Event deliveries start once this instance serves; app.close() (SIGTERM) stops it before the database closes.
  services.dispatcher.start();
  // Thumbnails of live streams (Live Processing thumbnail); the database lease keeps instances apart.
  services.thumbnails.start();
  // Usage analytics: every instance notes viewers; the first to claim each minute samples it.
  services.analytics.start();
  const link = await services.setup.issueLink();
  if (link) {
    // Printed to the terminal, not the log stream: it is a one-time secret for the operator.
    process.stdout.write(
      `\n  orgdeck has no organisation yet. Open this one-time link to create the first one:\n\n    ${link}\n\n`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(
    JSON.stringify({
      level: "fatal",
      msg: "orgdeck failed to start",
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  process.exit(1);
});
