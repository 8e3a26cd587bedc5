import { Box, Button, Loader, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";

type State = "loading" | "playing" | "offline" | "error";
const RETRY_MS = 4000;

/**
 * Muted autoplay with controls. hls.js light (its own chunk, fetched here; live HLS needs nothing more) wherever Media Source exists,
 * because it reports HTTP statuses and so tells "offline" (403/404) from a failure, like the embed page;
 * native HLS elsewhere (iOS Safari). Offline retries every few seconds, so it starts when the stream does.
 */
export function Player({ src, live, title }: { src: string; live: boolean; title: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<State>("loading");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let destroy = () => {};
    const offline = () => {
      if (cancelled) return;
      destroy();
      setState("offline");
      timer = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    };
    const failed = (status?: number) => {
      if (cancelled) return;
      // A stream that is not live cannot be played whatever the answer; a live one refused is offline too.
      if (!live || status === 403 || status === 404 || !status) offline();
      else {
        destroy();
        setState("error");
      }
    };
    const playing = () => !cancelled && setState("playing");
    el.addEventListener("playing", playing);
    setState("loading");
    void (async () => {
      const { default: Hls } = await import("hls.js/light");
      if (cancelled) return;
      if (Hls.isSupported()) {
        const hls = new Hls({ liveDurationInfinity: true });
        destroy = () => hls.destroy();
        hls.on(Hls.Events.MANIFEST_PARSED, () => void el.play().catch(() => undefined));
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (data.fatal) failed(data.response?.code);
        });
        hls.loadSource(src);
        hls.attachMedia(el);
      } else if (el.canPlayType("application/vnd.apple.mpegurl")) {
        el.src = src;
        el.onerror = () => failed(live ? 500 : undefined);
        destroy = () => el.removeAttribute("src");
        void el.play().catch(() => undefined);
      } else {
        setState("error");
      }
    })().catch(() => failed(500));
    return () => {
      cancelled = true;
      clearTimeout(timer);
      el.removeEventListener("playing", playing);
      destroy();
    };
  }, [src, live, attempt]);

  return (
    <Stack gap="xs">
      <Box pos="relative" bg="black" style={{ aspectRatio: "16 / 9", borderRadius: 4, overflow: "hidden" }}>
        <video
          ref={video}
          aria-label={`Player: ${title}`}
          controls
          muted
          autoPlay
          playsInline
          style={{ width: "100%", height: "100%", display: "block" }}
        />
        {state !== "playing" && (
          <Stack
            pos="absolute"
            inset={0}
            align="center"
            justify="center"
            gap="xs"
            style={{ pointerEvents: state === "error" ? undefined : "none" }}
          >
            {state === "loading" && <Loader color="gray.3" aria-label="Loading the stream" />}
            {state !== "loading" && (
              <Text c="gray.1" fw={600} ta="center" px="md">
                {state === "offline" ? "Stream is offline" : "The stream could not be played"}
              </Text>
            )}
            {state === "error" && (
              <Button size="xs" variant="white" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </Button>
            )}
          </Stack>
        )}
      </Box>
      <Text size="sm" c="dimmed" role="status" data-testid="player-state">
        {state === "offline"
          ? "Stream is offline: it starts playing here when the encoder publishes."
          : state === "error"
            ? "The stream could not be played."
            : state === "loading"
              ? "Connecting…"
              : "Playing (muted: use the controls for sound)."}
      </Text>
    </Stack>
  );
}
