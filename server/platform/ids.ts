import { randomBytes, randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniformly random base62 text (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248) out += BASE62[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function toBase62(n: number, width: number): string {
  let s = "";
  let v = n >>> 0;
  for (let i = 0; i < width; i++) {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s;
}

let lastMs = 0;
let seq = 0;
/** Time-ordered id (sortable text) for append-only rows such as audit events. */
export function timeOrderedId(nowMs: number): string {
  if (nowMs === lastMs) seq++;
  else {
    lastMs = nowMs;
    seq = 0;
  }
  return `${nowMs.toString().padStart(15, "0")}-${seq.toString().padStart(4, "0")}-${randomBase62(6)}`;
}
