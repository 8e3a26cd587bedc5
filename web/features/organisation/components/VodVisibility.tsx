import { Group, Loader, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import type { OrganisationResponse } from "../../../../contract/organisation.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { errorMessage } from "../../../lib/api.js";
import { useCan } from "../../../lib/me.js";
import { useSetVodPublic } from "../api/organisation.js";

/** `exposure` says what turning VODs public would expose (e.g. how many recordings). */
export function VodVisibility({ org, exposure }: { org: OrganisationResponse; exposure?: ReactNode }) {
  const can = useCan();
  const editable = can("Organisation.SetVod");
  const [confirm, setConfirm] = useState(false);
  const save = useSetVodPublic();

  const change = (next: boolean) => {
    save.reset();
    if (next) setConfirm(true);
    else save.mutate(false);
  };

  return (
    <section aria-labelledby="vod-heading">
      <Title order={2} id="vod-heading" size="h3" c="brand" mb="sm">
        VOD Public Accessibility
      </Title>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Text size="sm">
            Define whether the organization&apos;s VODs are accessible via the public request URL. If disabled, VODs are
            excluded from public stream calls (e.g., those without an API key or JWT).
          </Text>
          <Group gap="xs" align="flex-start" wrap="nowrap">
            {/* Bound to the server's value: a failed save leaves the switch where it was. */}
            <Switch
              label="VODs are public."
              checked={org.vodPublic}
              disabled={!editable || save.isPending}
              onChange={(e) => change(e.currentTarget.checked)}
              description={editable ? undefined : "Only an admin can change this."}
            />
            {save.isPending && !confirm && <Loader size="xs" aria-label="Saving VOD setting" />}
          </Group>
          {save.isError && !confirm && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(save.error)}
            </Text>
          )}
        </Stack>
      </Paper>
      <ConfirmDialog
        opened={confirm}
        title="Make VODs public?"
        confirmLabel="Make VODs public"
        busy={save.isPending}
        error={save.isError ? errorMessage(save.error) : null}
        onConfirm={() => save.mutate(true, { onSuccess: () => setConfirm(false) })}
        onCancel={() => setConfirm(false)}
      >
        <Stack gap="xs">
          <Text size="sm">
            Anyone with a recording&apos;s link will be able to watch it without signing in or an API key, and public
            stream information will list your recordings.
          </Text>
          {exposure}
        </Stack>
      </ConfirmDialog>
    </section>
  );
}
