import { Alert, Paper, Text, Title } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import type { StreamPlayout } from "../../../../contract/stream.js";
import { UrlList } from "./UrlList.js";

/** H5Live Playout: where viewers watch; without the package, why there is nothing here. */
export function PlayoutSection({ playout, tokenNote }: { playout: StreamPlayout | undefined; tokenNote?: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="playout-heading">
      <Title order={2} size="h4" mb="xs" id="playout-heading">
        H5Live Playout
      </Title>
      {playout ? (
        <>
          <UrlList
            label="Playout URLs"
            rows={[
              ["Live playout URL (HLS)", playout.hls],
              ["iFrame embed URL", playout.embed],
              ["RTMP playout URL", playout.rtmp],
            ]}
          />
          {tokenNote && (
            <Text size="xs" c="dimmed" mt="xs">
              {tokenNote}
            </Text>
          )}
        </>
      ) : (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title="Playback needs H5Live">
          This organisation does not have the H5Live package, so its streams have no playout URLs and cannot be watched.
          Packages are enabled by whoever operates this orgdeck installation (your nanoStream contact); the Overview
          shows which packages your organisation has.
        </Alert>
      )}
    </Paper>
  );
}
