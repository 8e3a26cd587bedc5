import { spawn } from "node:child_process";

/** A thumbnail is small: scaled to at most this wide, and refused past MAX_BYTES. */
export const MAX_WIDTH = 640;
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * One JPEG from the newest segment of an HLS playlist: ffmpeg, video only, one frame, at most 640 px
 * wide (height kept in proportion), quality 5 (of mjpeg's 2–31). Killed at `deadlineMs` or on `signal`.
 */
export function captureJpeg(ffmpeg: string, url: string, deadlineMs: number, signal: AbortSignal): Promise<Buffer> {
  const args = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-nostdin",
    // Only the newest segment, and no waiting for more of the live stream to probe it.
    "-live_start_index",
    "-1",
    "-analyzeduration",
    "500000",
    "-probesize",
    "500000",
    "-i",
    url,
    "-map",
    "0:v:0",
    "-an",
    "-sn",
    "-dn",
    "-frames:v",
    "1",
    "-vf",
    `scale='min(${MAX_WIDTH},iw)':-2`,
    "-q:v",
    "5",
    "-c:v",
    "mjpeg",
    "-f",
    "image2pipe",
    "pipe:1",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = "";
    let why: string | null = null;
    const kill = (reason: string) => {
      why ??= reason;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill(`no picture within ${deadlineMs} ms`), deadlineMs);
    const onAbort = () => kill("stopped");
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) onAbort();
    child.stdout.on("data", (d: Buffer) => {
      size += d.length;
      if (size > MAX_BYTES) kill("picture too large");
      else chunks.push(d);
    });
    // The URL carries a capture token: only ffmpeg's last line goes into the error, without URLs.
    child.stderr.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-2000)));
    child.on("error", (err) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      reject(new Error(`ffmpeg could not start: ${err.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (why === null && code === 0 && size > 0) return resolve(Buffer.concat(chunks));
      const last =
        stderr
          .trim()
          .split("\n")
          .pop()
          ?.replace(/https?:\/\/\S+/g, "<url>") ?? "";
      reject(new Error(why ?? `ffmpeg exited with ${code}${last ? `: ${last}` : ""}`));
    });
  });
}
