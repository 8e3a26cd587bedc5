import { Stack } from "@mantine/core";
import { useParams } from "react-router";
import { StreamDetail } from "../../features/streams/components/StreamDetail.js";
import { Recordings } from "../../features/vod/components/Recordings.js";

export function StreamPage() {
  const { id = "" } = useParams();
  return (
    <Stack>
      <StreamDetail id={id} />
      <Recordings streamId={id} />
    </Stack>
  );
}
