import { Stack } from "@mantine/core";
import { useParams } from "react-router";
import { StreamUsage } from "../../features/analytics/components/StreamUsage.js";
import { useOrganisation } from "../../features/organisation/api/organisation.js";
import { StreamPlayback } from "../../features/playback/components/StreamPlayback.js";
import { WatchButton } from "../../features/playback/components/WatchButton.js";
import { useStream } from "../../features/streams/api/streams.js";
import { StreamDetail } from "../../features/streams/components/StreamDetail.js";
import { Recordings } from "../../features/vod/components/Recordings.js";
import { useCan } from "../../lib/me.js";
import { useDocumentTitle } from "../PageTitle.js";

export function StreamPage() {
  const { id = "" } = useParams();
  const can = useCan();
  const org = useOrganisation();
  const secure = org.data?.packages.some((p) => p.key === "secure" && p.enabled) ?? false;
  // The same query as the detail below (one request): the tab names the stream.
  const stream = useStream(id);
  useDocumentTitle(stream.data ? `${stream.data.name} · Streams` : null, "Stream");
  return (
    <Stack>
      <StreamDetail
        id={id}
        secure={secure}
        quickActions={(s) => <WatchButton stream={s} />}
        sections={(s) => <StreamPlayback stream={s} secure={secure} canMint={can("Playback.CreateToken")} />}
      />
      {can("Analytics.Get") && org.data && <StreamUsage streamId={id} level={org.data.analyticsLevel} />}
      <Recordings streamId={id} />
    </Stack>
  );
}
