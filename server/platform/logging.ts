import type { FastifyServerOptions } from "fastify";

/** Paths whose last segment is a secret (invitation and password reset tokens) are masked before they reach a log line. */
const SECRET_PATHS = [/^(\/api\/invite\/|\/invite\/)odi_[^/?]+/, /^(\/api\/password-reset\/|\/reset-password\/)[^/?]+/];

export function safeUrl(url: string): string {
  let path = url.split("?")[0] ?? "";
  for (const re of SECRET_PATHS) path = path.replace(re, "$1[redacted]");
  return path;
}

/** JSON logs; query strings and credential headers never reach them. */
export function loggerOptions(level: string, stream?: { write(line: string): void }): FastifyServerOptions["logger"] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-bintu-token"]',
        'req.headers["x-bintu-apikey"]',
        'res.headers["set-cookie"]',
        "*.password",
        "*.token",
        "*.apiKey",
        "*.playerKey",
        "*.secret",
      ],
      censor: "[redacted]",
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
        id: req.id,
        method: req.method,
        url: safeUrl(req.url),
        ip: req.ip,
      }),
    },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}
