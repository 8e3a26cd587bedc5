import { spawnSync } from "node:child_process";

/** Makes a short FLV test recording with ffmpeg (test pattern and a tone), as nginx-rtmp would record. */
export function makeTestRecording(file: string, seconds = 2): void {
  const r = spawnSync(
    "ffmpeg",
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
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
      "-c:a",
      "aac",
      "-f",
      "flv",
      file,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}
