import { SimpleGrid, Stack } from "@mantine/core";
import { PermissionNote } from "../../components/PermissionNote.js";
import { QueryState } from "../../components/QueryState.js";
import { useOrganisation } from "../../features/organisation/api/organisation.js";
import { ApiAccess } from "../../features/organisation/components/ApiAccess.js";
import { PackagesGrid } from "../../features/organisation/components/PackagesGrid.js";
import { VodVisibility } from "../../features/organisation/components/VodVisibility.js";
import { WebhookConfig } from "../../features/organisation/components/WebhookConfig.js";
import { WebhookSigningSecret } from "../../features/organisation/components/WebhookSigningSecret.js";
import { TagsCard } from "../../features/tags/components/TagsCard.js";
import { WebhookTools } from "../../features/ingest/components/WebhookTools.js";
import { EventEndpointsSummary } from "../../features/events/components/EventEndpointsSummary.js";
import { VodExposure } from "../../features/vod/components/VodExposure.js";
import { PlaybackKeys } from "../../features/playback/components/PlaybackKeys.js";
import { useCan } from "../../lib/me.js";

export function OverviewTab() {
  const org = useOrganisation();
  const can = useCan();
  // Without Organisation.Get the overview has nothing to show: say so rather than show its refusal.
  if (!can("Organisation.Get")) return <PermissionNote permissions={["Organisation.Get"]} />;
  return (
    <QueryState isPending={org.isPending} error={org.error} retry={() => void org.refetch()} lines={8}>
      {org.data && (
        <Stack gap="lg">
          <PackagesGrid packages={org.data.packages} hash={org.data.hash} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Stack gap="lg">
              <ApiAccess org={org.data} />
              {/* Signing keys mean something only with Secure (viewers need tokens). */}
              {can("Playback.ManageKeys") && org.data.packages.some((p) => p.key === "secure" && p.enabled) && (
                <PlaybackKeys />
              )}
            </Stack>
            <Stack gap="lg">
              <WebhookConfig
                org={org.data}
                extra={
                  can("Organisation.SetWebhook") ? (
                    <>
                      <WebhookSigningSecret />
                      <WebhookTools webhook={org.data.webhook} />
                      <EventEndpointsSummary />
                    </>
                  ) : undefined
                }
              />
              <VodVisibility org={org.data} exposure={<VodExposure />} />
            </Stack>
          </SimpleGrid>
          {can("Tag.GetTags") ? (
            <TagsCard />
          ) : (
            <section aria-label="Tags">
              <PermissionNote permissions={["Tag.GetTags"]}>The organisation&apos;s tags are not shown.</PermissionNote>
            </section>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
