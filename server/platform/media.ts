import { spawn } from "node:child_process";

/** Runs a media tool with a time limit; resolves with stdout, rejects with the tail of stderr. */
function run(cmd: string, args: string[], timeoutMs: number, stdin: number | "ignore" = "ignore"): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [stdin, "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} could not start: ${e.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            signal ? `${cmd} was stopped after ${timeoutMs} ms` : lastLine(err) || `${cmd} exited with ${code}`,
          ),
        );
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter(Boolean).pop()?.slice(0, 300) ?? "";
}

/**
 * Remuxes a recording into an MP4 without re-encoding, with the index up front for quick playback.
 * `input` is a path, or an open file descriptor that ffmpeg reads as its standard input.
 */
export async function remuxToMp4(ffmpeg: string, input: string | number, output: string): Promise<void> {
  const from = typeof input === "number" ? "pipe:0" : input;
  await run(
    ffmpeg,
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-i",
      from,
      "-c",
      "copy",
      "-movflags",
      "+faststart",
      "-f",
      "mp4",
      output,
    ],
    120_000,
    typeof input === "number" ? input : "ignore",
  );
}

/** Duration of a media file in milliseconds. */
export async function probeDurationMs(ffmpeg: string, file: string): Promise<number> {
  const ffprobe = ffmpeg.replace(/ffmpeg(?=[^/]*$)/, "ffprobe");
  const out = await run(
    ffprobe,
    ["-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", file],
    30_000,
  );
  const seconds = Number.parseFloat(out.trim());
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0;
}
