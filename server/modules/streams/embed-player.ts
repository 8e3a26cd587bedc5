/**
 * The embed page's own script and style, served as files (the page's CSP allows no inline code). Plain
 * ES2017 for every browser an iframe may land in; the browser test (embed-play.test.ts) runs it.
 *
 * The page's own `?token=` is carried onto the playlist and, with hls.js, onto every request it makes
 * (the playout server also writes it into the playlists, for native players). hls.js is used wherever
 * Media Source Extensions exist: it reports HTTP statuses, so "offline" (403/404) is told apart from a
 * failure. Native HLS serves the rest (iOS Safari before Managed Media Source).
 */
export const EMBED_PLAYER_JS = String.raw`"use strict";
(function () {
  var RETRY_MS = 4000;
  var root = document.getElementById("player");
  var video = document.getElementById("video");
  var status = document.getElementById("status");
  var playButton = document.getElementById("play");
  var retryButton = document.getElementById("retry");
  // A pass (a domain-restricted token sealed with the framing site) when the page carries one.
  var token = root.getAttribute("data-token") || new URLSearchParams(location.search).get("token");
  var src = root.getAttribute("data-hls") + (token ? "?token=" + encodeURIComponent(token) : "");
  var hls = null;
  var timer = null;

  function show(state, text) {
    root.setAttribute("data-state", state);
    status.textContent = text;
    status.hidden = text === "";
    retryButton.hidden = state !== "error";
    if (state !== "paused") playButton.hidden = true;
  }

  function stop() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (hls) hls.destroy();
    hls = null;
  }

  // Not live yet (or any more): look again shortly, so the player starts when the stream goes live.
  function offline() {
    stop();
    video.removeAttribute("src");
    show("offline", "Stream is offline");
    timer = setTimeout(start, RETRY_MS);
  }

  function failed() {
    stop();
    show("error", "The stream could not be played");
  }

  function autoplay() {
    var p = video.play();
    if (p && p.catch)
      p.catch(function () {
        show("paused", "");
        playButton.hidden = false;
      });
  }

  function withToken(url) {
    if (!token || /[?&]token=/.test(url)) return url;
    return url + (url.indexOf("?") < 0 ? "?" : "&") + "token=" + encodeURIComponent(token);
  }

  function startHlsJs() {
    hls = new window.Hls({
      liveDurationInfinity: true,
      xhrSetup: function (xhr, url) {
        xhr.open("GET", withToken(url), true);
      },
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, autoplay);
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) return;
      var code = data.response && data.response.code;
      if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR && (code === 403 || code === 404 || !code)) offline();
      else failed();
    });
    hls.loadSource(src);
    hls.attachMedia(video);
  }

  function startNative() {
    video.src = src;
    autoplay();
  }

  function start() {
    stop();
    show("loading", "Loading…");
    if (window.Hls && window.Hls.isSupported()) startHlsJs();
    else if (video.canPlayType("application/vnd.apple.mpegurl")) startNative();
    else failed();
  }

  video.addEventListener("playing", function () {
    show("playing", "");
  });
  video.addEventListener("error", function () {
    if (!hls) offline();
  });
  playButton.addEventListener("click", function () {
    playButton.hidden = true;
    video.play();
  });
  retryButton.addEventListener("click", start);

  if (window.MediaSource || window.ManagedMediaSource) {
    var script = document.createElement("script");
    script.src = root.getAttribute("data-hls-js");
    script.onload = start;
    script.onerror = failed;
    document.head.appendChild(script);
  } else start();
})();
`;

export const EMBED_PLAYER_CSS = `html, body { margin: 0; height: 100%; background: #000; color: #fff; overflow: hidden;
  font: 16px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { position: relative; width: 100%; height: 100%; }
video { display: block; width: 100%; height: 100%; object-fit: contain; background: #000; }
.overlay { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: 12px; pointer-events: none; }
.overlay > * { pointer-events: auto; }
#status { padding: 8px 14px; border-radius: 6px; background: rgba(0, 0, 0, 0.7); }
[hidden] { display: none !important; }
button { font: inherit; color: #fff; background: #1864ab; border: 0; border-radius: 6px; padding: 10px 18px;
  cursor: pointer; }
button:focus-visible { outline: 3px solid #fff; outline-offset: 2px; }
.missing { display: flex; align-items: center; justify-content: center; height: 100%; }
.missing h1 { font-size: 1.25rem; font-weight: 500; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
`;
