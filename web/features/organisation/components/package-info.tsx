import {
  IconAperture,
  IconBadgeCc,
  IconBraces,
  IconCircleCaretRight,
  IconMovie,
  IconShield,
  IconSparkles,
  IconWaveSine,
  type Icon,
} from "@tabler/icons-react";
import type { PackageKey } from "../../../../contract/organisation.js";

/** What each package tile shows besides its state: an icon and one or two sentences on what it does. */
export const PACKAGE_INFO: Record<PackageKey, { icon: Icon; about: string; isNew?: boolean }> = {
  liveProcessing: {
    icon: IconSparkles,
    about:
      "Works on your streams while they are live: thumbnails, short motion clips, recordings and replay of what just happened.",
  },
  liveCaptions: {
    icon: IconBadgeCc,
    about: "Adds captions to live streams, generated from the audio as it is spoken.",
    isNew: true,
  },
  h5live: {
    icon: IconCircleCaretRight,
    about: "Plays your streams in any browser with about one second of latency, through the H5Live player.",
  },
  webcaster: {
    icon: IconAperture,
    about: "Go live straight from a browser with a camera and microphone, without encoder software.",
  },
  transcoding: {
    icon: IconWaveSine,
    about: "Makes lower-bitrate renditions of each stream, so viewers on weak connections still play smoothly.",
  },
  metadata: {
    icon: IconBraces,
    about: "Sends timed data such as quiz questions or scores along with the stream, in sync with the picture.",
  },
  secure: {
    icon: IconShield,
    about: "Protects playback with signed tokens, so only the viewers you authorise can watch.",
  },
  vod: { icon: IconMovie, about: "Keeps recordings of your streams and plays them back on demand." },
};
