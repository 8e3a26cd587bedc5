import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { useState } from "react";
import type {
  PlaybackClaims,
  PlaybackTokenResponse,
  StreamPlaybackTokenRequest,
} from "../../../../contract/playback.js";
import type { StreamPlayout } from "../../../../contract/stream.js";
import { CopyText } from "../../../components/CopyText.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useMintStreamToken, useMintTagToken } from "../api/playback.js";
import { playoutWithToken } from "../playout.js";
import { UrlList } from "./UrlList.js";

const LIFETIMES = [
  { value: "3600", label: "1 hour" },
  { value: "21600", label: "6 hours" },
  { value: "86400", label: "1 day" },
  { value: "604800", label: "7 days" },
  { value: "2592000", label: "30 days" },
];

const utc = (seconds: number) => formatUtc(new Date(seconds * 1000).toISOString());

const CLAIM_LABELS: Array<[keyof PlaybackClaims, string, (v: string | number) => string]> = [
  ["sub", "Stream", String],
  ["tag", "Tag", String],
  ["org", "Organisation", String],
  ["nbf", "Not before", (v) => utc(Number(v))],
  ["exp", "Expires", (v) => utc(Number(v))],
  ["iat", "Issued", (v) => utc(Number(v))],
  ["ip", "Client IP", String],
  ["dom", "Domain", String],
  ["uid", "User ID", String],
];

/** The form's values as the API takes them: empty fields are left out, the start time is read as UTC. */
function request(f: Record<"expiresIn" | "notBefore" | "clientIp" | "domain" | "userId", string>) {
  const body: StreamPlaybackTokenRequest = { expiresIn: Number(f.expiresIn) };
  if (f.notBefore) body.notBefore = new Date(`${f.notBefore}Z`).toISOString();
  if (f.clientIp.trim()) body.clientIp = f.clientIp.trim();
  if (f.domain.trim()) body.domain = f.domain.trim();
  if (f.userId.trim()) body.userId = f.userId.trim();
  return body;
}

function Minted({ minted, playout }: { minted: PlaybackTokenResponse; playout: StreamPlayout | undefined }) {
  const c = minted.claims;
  return (
    <Stack gap="sm" data-testid="minted-token">
      <div>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600}>
            JWT Token
          </Text>
          <CopyText value={minted.token} label="Copy token" />
        </Group>
        <Text ff="monospace" size="xs" style={{ overflowWrap: "anywhere" }} aria-label="Token" data-testid="token">
          {minted.token}
        </Text>
      </div>
      <Text size="sm" data-testid="token-validity">
        Valid from <b>{utc(c.nbf ?? c.iat ?? Math.floor(Date.now() / 1000))}</b> until{" "}
        <b>{formatUtc(minted.expiresAt)}</b>
      </Text>
      <Table aria-label="Decoded claims" withTableBorder>
        <Table.Tbody>
          {CLAIM_LABELS.filter(([k]) => c[k] !== undefined).map(([k, label, show]) => (
            <Table.Tr key={k}>
              <Table.Th w={150}>
                {label}{" "}
                <Text span size="xs" c="dimmed" ff="monospace">
                  ({k})
                </Text>
              </Table.Th>
              <Table.Td ff="monospace" style={{ overflowWrap: "anywhere" }}>
                {show(c[k]!)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {playout && (
        <UrlList
          label="Playout URLs with this token"
          rows={[
            ["Live playout URL with token", playoutWithToken(playout, minted.token).hls],
            ["iFrame embed URL with token", playoutWithToken(playout, minted.token).embed],
          ]}
        />
      )}
    </Stack>
  );
}

/** `""`: this stream; otherwise a tag of it, whose every stream the token plays. */
const STREAM_ONLY = "";

/**
 * Secure Playback Token: mint one for this stream, or for every stream of one of its tags, with its
 * restrictions; the page then shares URLs carrying it.
 */
export function SecureTokenSection({
  streamId,
  tags,
  playout,
  onMinted,
}: {
  streamId: string;
  tags: readonly string[];
  playout: StreamPlayout | undefined;
  onMinted: (token: string | null) => void;
}) {
  const forStream = useMintStreamToken(streamId);
  const forTag = useMintTagToken();
  const [form, setForm] = useState({
    target: STREAM_ONLY,
    expiresIn: "3600",
    notBefore: "",
    clientIp: "",
    domain: "",
    userId: "",
  });
  // At most one of the two holds a token: both are cleared before each press.
  const minted = forStream.data ?? forTag.data;
  const error = forStream.error ?? forTag.error;
  const targets = [
    { value: STREAM_ONLY, label: "This stream only" },
    ...tags.map((t) => ({ value: t, label: `Every stream tagged “${t}”` })),
  ];
  const field = (k: keyof typeof form) => ({
    value: form[k],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="secure-token-heading">
      <Title order={2} size="h4" mb={4} id="secure-token-heading">
        Secure Playback Token
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Viewers need a token to play this organisation&apos;s streams. Create one with the restrictions you want; the
        URLs and snippets on this page then carry it. A token for a tag plays every stream that carries the tag.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const onSuccess = (m: PlaybackTokenResponse) => onMinted(m.token);
          forStream.reset();
          forTag.reset();
          if (form.target === STREAM_ONLY) forStream.mutate(request(form), { onSuccess });
          else forTag.mutate({ ...request(form), tag: form.target }, { onSuccess });
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {tags.length > 0 && <NativeSelect label="Token for" data={targets} {...field("target")} />}
          <NativeSelect label="Valid for" data={LIFETIMES} {...field("expiresIn")} />
          <TextInput label="Valid from (UTC, optional)" type="datetime-local" {...field("notBefore")} />
          <TextInput label="Client IP or CIDR (optional)" placeholder="203.0.113.7" {...field("clientIp")} />
          <TextInput label="Domain (optional)" placeholder="example.com or .example.com" {...field("domain")} />
          <TextInput label="User ID (optional)" {...field("userId")} />
        </SimpleGrid>
        {error && (
          <Text size="sm" c="red" role="alert" mt="xs">
            {errorMessage(error)}
          </Text>
        )}
        <Group mt="sm" gap="xs">
          <Button type="submit" size="xs" loading={forStream.isPending || forTag.isPending}>
            Create token
          </Button>
          {minted && (
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                forStream.reset();
                forTag.reset();
                onMinted(null);
              }}
            >
              Discard token
            </Button>
          )}
        </Group>
      </form>
      {minted && (
        <Stack mt="md">
          <Minted minted={minted} playout={playout} />
        </Stack>
      )}
    </Paper>
  );
}
