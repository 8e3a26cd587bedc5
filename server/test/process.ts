// The real server and CLI as child processes, for tests about signals, restarts and crashes.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "orgdeck.mjs");

export type ProcessEnv = Record<string, string>;

/** Starts the built server (build/server.mjs, as `npm start` does) and resolves once it listens. */
export function startServerProcess(env: ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--enable-source-maps", "--max-semi-space-size=8", path.join(ROOT, "build", "server.mjs")],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /orgdeck listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, base: m[1]!.replace("localhost", "127.0.0.1") });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out.slice(-1000)}`)));
  });
}

/** Resolves with how the process ended (at once if it already has). */
export function processExit(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    child.removeAllListeners("exit");
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

/** Creates an organisation with `orgdeck org:create` and returns its API key. */
export function createOrgWithCli(env: ProcessEnv, hash: string): string {
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      "org:create",
      "--name",
      `Org ${hash}`,
      "--hash",
      hash,
      "--admin-email",
      `ops@${hash.toLowerCase()}.example`,
      "--admin-password",
      "process test passphrase 2026",
    ],
    {
      env: { ...process.env, ...env },
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`org:create failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { organisation: { apiKey: string } }).organisation.apiKey;
}
