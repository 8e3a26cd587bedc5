import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import type { UserResponse } from "../../../../contract/user.js";
import { formatUtc } from "../../../lib/format.js";
import { RoleBadge } from "../../../components/RoleBadge.js";
import { UserQuickActions, useHasQuickActions, type UserAction } from "./UserActions.js";

type Props = {
  users: Array<UserResponse & { lastActiveAt?: string | null }>;
  selfId: string | undefined;
  labelOf: (role: string) => string | undefined;
  onOpen: (user: UserResponse) => void;
  onAction: (user: UserResponse, action: UserAction) => void;
};

/** When the member last used a token (recorded about every five minutes), or "Never". */
const lastActive = (at: string | null | undefined) => (at ? formatUtc(at).replace(" (UTC)", "") : "Never");

function EmailButton({ user, isSelf, onOpen }: { user: UserResponse; isSelf: boolean; onOpen: () => void }) {
  return (
    <Group gap={4} wrap="nowrap" miw={0}>
      {/* Long addresses wrap (where they must) rather than widen the page. */}
      <Button
        variant="subtle"
        color="dark"
        size="compact-sm"
        px={0}
        h="auto"
        onClick={onOpen}
        aria-label={`Open ${user.email}`}
        styles={{
          // The button's line height is 1 and its label clips: a normal line height keeps descenders whole.
          root: { lineHeight: "var(--mantine-line-height-sm)" },
          label: {
            whiteSpace: "normal",
            overflowWrap: "break-word",
            minWidth: 0,
            textAlign: "start",
            fontWeight: 400,
            overflow: "visible",
          },
        }}
      >
        {user.email}
      </Button>
      {isSelf && (
        <Text span fw={700} size="sm">
          (you)
        </Text>
      )}
    </Group>
  );
}

/** Wide screens: the reference's table; a click on a row opens the user's panel. */
export function UserTable({ users, selfId, labelOf, onOpen, onAction }: Props) {
  const showActions = useHasQuickActions();
  return (
    <Table highlightOnHover verticalSpacing="sm" aria-label="Users">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Permission Level</Table.Th>
          <Table.Th>Email</Table.Th>
          <Table.Th>Token Key</Table.Th>
          <Table.Th>Last active (UTC)</Table.Th>
          <Table.Th>Created at (UTC)</Table.Th>
          {showActions && <Table.Th>Quick actions</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {users.map((u) => (
          <Table.Tr key={u.id} style={{ cursor: "pointer" }} onClick={() => onOpen(u)} aria-label={u.email}>
            <Table.Td maw={240}>
              <RoleBadge role={u.role} label={labelOf(u.role)} />
            </Table.Td>
            <Table.Td>
              <EmailButton user={u} isSelf={u.id === selfId} onOpen={() => onOpen(u)} />
            </Table.Td>
            <Table.Td ff="monospace">{u.tokenKey}</Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{lastActive(u.lastActiveAt)}</Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatUtc(u.createdAt).replace(" (UTC)", "")}</Table.Td>
            {showActions && (
              <Table.Td onClick={(e) => e.stopPropagation()}>
                <UserQuickActions user={u} isSelf={u.id === selfId} onAction={(a) => onAction(u, a)} />
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Phones: one card per user, as wide as the screen, with its quick actions in reach. */
export function UserCards({ users, selfId, labelOf, onOpen, onAction }: Props) {
  const showActions = useHasQuickActions();
  return (
    <Stack component="ul" aria-label="Users" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
      {users.map((u) => (
        <Paper component="li" key={u.id} aria-label={u.email} withBorder radius="md" p="sm">
          <Group justify="space-between" wrap="nowrap" gap="xs" mih={34}>
            <RoleBadge role={u.role} label={labelOf(u.role)} />
            {showActions && <UserQuickActions user={u} isSelf={u.id === selfId} onAction={(a) => onAction(u, a)} />}
          </Group>
          <EmailButton user={u} isSelf={u.id === selfId} onOpen={() => onOpen(u)} />
          <Text size="xs" c="dimmed" mt={6}>
            Token key{" "}
            <Text span ff="monospace" size="xs" c="var(--mantine-color-text)">
              {u.tokenKey}
            </Text>{" "}
            · Last active {u.lastActiveAt ? formatUtc(u.lastActiveAt) : "never"} · Created {formatUtc(u.createdAt)}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
