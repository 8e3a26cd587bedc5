import { Alert, Divider, Paper, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { Fragment } from "react";
import { IconAlertCircle } from "@tabler/icons-react";
import type { OrganisationResponse } from "../../../../contract/organisation.js";
import table from "../../../components/plain-table.module.css";
import { PermissionNote } from "../../../components/PermissionNote.js";
import { SecretValue } from "../../../components/SecretValue.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import { getSession } from "../../../lib/session.js";
import { revealApiKey } from "../api/organisation.js";

const NO_EXPIRY = (
  <Text size="sm" fs="italic" c="red">
    Has no expiration
  </Text>
);

export function ApiAccess({ org }: { org: OrganisationResponse }) {
  const can = useCan();
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const token = getSession()?.token;
  // MetricKey.Get: the player key and the caller's own bintu token; a row the caller may not see is absent, not empty.
  const rows = [
    ...(can("MetricKey.Get")
      ? [
          {
            type: "Bintu Token",
            expiration: org.tokenExpiresAt ? <Text size="sm">{formatUtc(org.tokenExpiresAt)}</Text> : NO_EXPIRY,
            // The token is kept only by the tab that signed in (web/lib/session.ts); other tabs say so.
            value: token ? (
              <SecretValue label="Bintu Token" value={token} />
            ) : (
              <Text size="sm" c="dimmed">
                Shown in the tab where you signed in
              </Text>
            ),
          },
        ]
      : []),
    ...(can("ApiKey.Get") && org.apiKey
      ? [
          {
            type: "Api Key",
            expiration: NO_EXPIRY,
            value: <SecretValue label="Api Key" load={async () => (await revealApiKey()).apiKey} />,
          },
        ]
      : []),
    ...(org.playerKey !== undefined
      ? [{ type: "Player Key", expiration: NO_EXPIRY, value: <SecretValue label="Player Key" value={org.playerKey} /> }]
      : []),
  ];
  return (
    <section aria-labelledby="api-access-heading">
      <Title order={2} id="api-access-heading" size="h3" c="brand" mb="sm">
        API Access
      </Title>
      {rows.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title="Security disclaimer" mb="sm">
          API keys are sensitive information and should be treated with the highest security precautions. Do not share
          your API keys in publicly accessible areas such as GitHub, client-side code, or forums. Always keep your keys
          secure and restrict their usage to the minimum required scope.
        </Alert>
      )}
      {rows.length === 0 ? (
        <PermissionNote permissions={["MetricKey.Get", "ApiKey.Get"]}>No keys or tokens to show.</PermissionNote>
      ) : (
        <Paper withBorder radius="md" p="sm">
          {phone ? (
            // On a phone each credential is its own block, so the buttons never scroll out of view.
            <Stack gap="sm">
              {rows.map((r, i) => (
                <Fragment key={r.type}>
                  {i > 0 && <Divider />}
                  <Stack gap={4} role="group" aria-label={r.type}>
                    <Text size="sm" fw={600}>
                      {r.type}
                    </Text>
                    {r.expiration}
                    {r.value}
                  </Stack>
                </Fragment>
              ))}
            </Stack>
          ) : (
            <table className={`${table.table} ${table.fixed}`}>
              <thead>
                <tr>
                  <th style={{ width: "20%" }}>Type</th>
                  <th style={{ width: "24%" }}>Expiration</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.type} aria-label={r.type}>
                    <td>
                      <Text size="sm" fw={500}>
                        {r.type}
                      </Text>
                    </td>
                    <td>{r.expiration}</td>
                    <td>{r.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Paper>
      )}
    </section>
  );
}
