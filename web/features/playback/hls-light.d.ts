// hls.js ships no types for its light build; it is the same class without subtitles, EME and alt audio.
declare module "hls.js/light" {
  export { default } from "hls.js";
}
