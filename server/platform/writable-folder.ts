import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What each failure means, in words that name no path: readiness answers are public. */
const PROBLEMS: Record<string, string> = {
  EEXIST: "it is a file, not a folder",
  ENOTDIR: "a part of its path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "it is on a read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  ENOENT: "it does not exist and cannot be created",
  ELOOP: "too many symbolic links in its path",
  ENAMETOOLONG: "its path is too long",
};

/**
 * Whether a new file can be written into `dir` (made when missing), tried for real: permission bits
 * alone say nothing for root or on a read-only mount. Resolves with the problem, or null when fine.
 */
export async function folderProblem(dir: string): Promise<{ code: string; problem: string } | null> {
  const probe = path.join(dir, `.orgdeck-ready-${randomBytes(6).toString("hex")}`);
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.writeFile(probe, "", { flag: "wx" });
    await fs.promises.rm(probe, { force: true });
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "UNKNOWN";
    return { code, problem: PROBLEMS[code] ?? `it cannot be written (${code})` };
  }
}
