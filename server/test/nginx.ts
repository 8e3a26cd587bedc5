import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const TEMPLATE = path.resolve(import.meta.dirname, "..", "..", "deploy", "nginx-rtmp.conf");

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs the real nginx-rtmp with the documented configuration (deploy/nginx-rtmp.conf), bound to
 * loopback, as a single foreground process that owns its own folder. Only what a test machine needs
 * differs: the module path, the process model, the log file and ports, and a shorter update interval.
 */
export async function startNginxRtmp(
  dir: string,
  orgdeck: string,
  secret: string,
  opts: { updateInterval?: string; controlPort?: number } = {},
) {
  const rtmpPort = await freePort();
  const controlPort = opts.controlPort ?? (await freePort());
  const playoutPort = await freePort();
  const recDir = path.join(dir, "rec");
  const hlsDir = path.join(dir, "hls");
  fs.mkdirSync(recDir, { recursive: true });
  for (const app of ["live", "rec"]) fs.mkdirSync(path.join(hlsDir, app), { recursive: true });
  const template = fs.readFileSync(TEMPLATE, "utf8");
  for (const placeholder of [
    "{{ORGDECK}}",
    "{{SECRET}}",
    "{{RECORDINGS}}",
    "{{CONTROL}}",
    "{{HLS}}",
    "{{PLAYOUT}}",
    "listen 1935;",
    "error_log /var/log/nginx/error.log notice;",
    "notify_update_timeout 10s;",
  ]) {
    if (!template.includes(placeholder)) throw new Error(`deploy/nginx-rtmp.conf no longer has ${placeholder}`);
  }
  const conf = template
    .replace(
      "load_module modules/ngx_rtmp_module.so;",
      "load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;\ndaemon off;\nmaster_process off;\npid nginx.pid;",
    )
    .replace("error_log /var/log/nginx/error.log notice;", "error_log error.log notice;")
    .replace("listen 1935;", `listen 127.0.0.1:${rtmpPort};`)
    .replaceAll("{{ORGDECK}}", orgdeck)
    .replaceAll("{{SECRET}}", secret)
    .replaceAll("{{RECORDINGS}}", recDir)
    .replaceAll("{{CONTROL}}", `127.0.0.1:${controlPort}`)
    .replaceAll("{{HLS}}", hlsDir)
    .replaceAll("{{PLAYOUT}}", `127.0.0.1:${playoutPort}`)
    .replaceAll("notify_update_timeout 10s;", `notify_update_timeout ${opts.updateInterval ?? "1s"};`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "nginx.conf"), conf);
  const test = spawnSync("nginx", ["-t", "-p", dir, "-c", "nginx.conf", "-e", "error.log"], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx config invalid: ${test.stderr}`);
  const child: ChildProcess = spawn("nginx", ["-p", dir, "-c", "nginx.conf", "-e", "error.log"], { stdio: "ignore" });
  for (let i = 0; i < 50; i++) {
    if (await canConnect(rtmpPort)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const port of [controlPort, playoutPort]) {
    for (let i = 0; i < 50; i++) {
      if (await canConnect(port)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    rtmpPort,
    recDir,
    /** Base URL of the node's control and stat server, as ORGDECK_RTMP_CONTROL lists it. */
    control: `http://127.0.0.1:${controlPort}`,
    /** Base URL of the node's HLS playout server (what ORGDECK_PLAYOUT_URL names). */
    playout: `http://127.0.0.1:${playoutPort}`,
    hlsDir,
    errorLog: () => fs.readFileSync(path.join(dir, "error.log"), "utf8"),
    /** Kills nginx at once, as a crash would: no publish_done is ever sent. */
    kill: () => child.kill("SIGKILL"),
    url: (app: string, name: string) => `rtmp://127.0.0.1:${rtmpPort}/${app}/${name}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGQUIT");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

export interface FfmpegRun {
  code: number | null;
  stderr: string;
  ms: number;
}

/** Runs ffmpeg for at most `seconds` + 20 s; resolves with its exit code, stderr and run time. */
function ffmpeg(args: string[], seconds: number): Promise<FfmpegRun> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), (seconds + 20) * 1000);
    child.on("exit", (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Publishes a generated test pattern for `seconds`. */
export function publish(url: string, seconds: number): Promise<FfmpegRun> {
  return ffmpeg(
    [
      "-re",
      "-f",
      "lavfi",
      "-i",
      `testsrc=size=160x120:rate=15:duration=${seconds}`,
      "-f",
      "lavfi",
      "-i",
      `sine=duration=${seconds}`,
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-tune",
      "zerolatency",
      "-g",
      "15",
      "-c:a",
      "aac",
      "-f",
      "flv",
      url,
    ],
    seconds,
  );
}

/** Plays a stream for at most `seconds`, decoding to nothing. */
export function play(url: string, seconds: number): Promise<FfmpegRun> {
  return ffmpeg(["-i", url, "-t", String(seconds), "-f", "null", "-"], seconds);
}

/** Polls `fn` until `ok` holds or `ms` pass; resolves with the last value. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
