import { useState } from "react";
import type { StreamResponse } from "../../../../contract/stream.js";
import { playoutWithToken } from "../playout.js";
import { CodeSnippets } from "./CodeSnippets.js";
import { PlayoutSection } from "./PlayoutSection.js";
import { SecureTokenSection } from "./SecureTokenSection.js";

/**
 * The stream page's watching sections. With Secure, a token minted here replaces the API's own
 * (1 hour) in the URLs and snippets, so what is copied is what was asked for.
 */
export function StreamPlayback({
  stream,
  secure,
  canMint,
}: {
  stream: StreamResponse;
  secure: boolean;
  canMint: boolean;
}) {
  const [token, setToken] = useState<string | null>(null);
  const playout = stream.playout && token ? playoutWithToken(stream.playout, token) : stream.playout;
  const note = !secure
    ? undefined
    : token
      ? "These URLs carry the token you created below."
      : "These URLs carry a playback token valid for 1 hour from when this page loaded.";
  return (
    <>
      <PlayoutSection playout={playout} tokenNote={note} />
      {secure && stream.playout && canMint && (
        <SecureTokenSection streamId={stream.id} tags={stream.tags} playout={stream.playout} onMinted={setToken} />
      )}
      {playout && <CodeSnippets playout={playout} />}
    </>
  );
}
