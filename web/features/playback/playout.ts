import type { StreamPlayout } from "../../../contract/stream.js";

/** The URL with `token` set to this one (replacing the token the API applied, if any). */
export function withToken(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.set("token", token);
  return u.toString();
}

export function playoutWithToken(p: StreamPlayout, token: string): StreamPlayout {
  return { hls: withToken(p.hls, token), rtmp: withToken(p.rtmp, token), embed: withToken(p.embed, token) };
}

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

export interface SnippetSize {
  width: string;
  height: string;
}

/** An iframe of orgdeck's embed page. */
export function iframeSnippet(p: StreamPlayout, size: SnippetSize): string {
  return `<iframe src="${attr(p.embed)}" width="${attr(size.width)}" height="${attr(size.height)}" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen style="border:0"></iframe>`;
}

/** A page of one's own: hls.js where Media Source exists, native HLS elsewhere (Safari on iOS). */
export function htmlSnippet(p: StreamPlayout, size: SnippetSize): string {
  return `<video id="player" width="${attr(size.width)}" height="${attr(size.height)}" controls muted autoplay playsinline></video>
<script src="https://cdn.jsdelivr.net/npm/hls.js@1.7.4/dist/hls.min.js"></script>
<script>
  var src = ${JSON.stringify(p.hls)};
  var video = document.getElementById("player");
  if (window.Hls && Hls.isSupported()) {
    var hls = new Hls({ liveDurationInfinity: true });
    hls.loadSource(src);
    hls.attachMedia(video);
  } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = src;
  }
</script>`;
}
