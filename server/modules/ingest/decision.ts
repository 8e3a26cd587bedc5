import type { PostOutcome } from "../../platform/outbound.js";

export interface Decision {
  allow: boolean;
  reason: string;
  receiverStatus: number | null;
  latencyMs: number;
  /** An allowed play by stream id: the stream's name, for nginx-rtmp's redirect. */
  redirect?: string;
}

/** Only 200 lets a publish or play go on; 403 is a refusal; anything else, or no answer, refuses too. */
export function receiverDecision(outcome: PostOutcome): Decision {
  if (outcome.kind === "error") {
    const reason =
      outcome.reason === "timeout"
        ? "receiver did not answer in time"
        : outcome.reason === "blocked"
          ? "webhook address is not allowed"
          : "receiver unreachable";
    return { allow: false, reason, receiverStatus: null, latencyMs: outcome.latencyMs };
  }
  const { status, latencyMs } = outcome;
  if (status === 200) return { allow: true, reason: "receiver allowed", receiverStatus: status, latencyMs };
  if (status === 403) return { allow: false, reason: "receiver refused", receiverStatus: status, latencyMs };
  return { allow: false, reason: `receiver answered ${status}`, receiverStatus: status, latencyMs };
}

/** Whether the circuit breaker counts the answer as the receiver working: a clear yes or no. */
export function receiverHealthy(outcome: PostOutcome): boolean {
  return outcome.kind === "response" && (outcome.status === 200 || outcome.status === 403);
}
