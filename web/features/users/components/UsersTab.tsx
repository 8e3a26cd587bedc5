import { Button, Chip, Group, NativeSelect, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconSearch, IconUserPlus } from "@tabler/icons-react";
import { useEffect, useState, type ComponentProps } from "react";
import { useSearchParams } from "react-router";
import type { UserResponse } from "../../../../contract/user.js";
import { USER_SEARCH_MAX, type UserSort } from "../../../../contract/user-list.js";
import { Pager } from "../../../components/Pager.js";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { useCursorPages } from "../../../lib/cursor-pages.js";
import { useCan, useMe } from "../../../lib/me.js";
import { useRoles } from "../api/roles.js";
import { USERS_PAGE, useUsers } from "../api/users.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { PendingInvites } from "./PendingInvites.js";
import { StatusNotice } from "./StatusNotice.js";
import { UserActionDialog, type UserAction } from "./UserActions.js";
import { UserCards, UserTable } from "./UserList.js";

// The panel and the invitation dialog load the first time they open: not part of the page's first load.
const InviteDialog = lazyDialog(async () => (await import("./InviteDialog.js")).InviteDialog);
const UserPanel = lazyDialog(async () => {
  const { UserPanel: Panel } = await import("./UserPanel.js");
  return (props: ComponentProps<typeof Panel> & { opened: boolean }) => <Panel {...props} />;
});

/** The member list's orders (`sort:dir` in the URL's `sort`). */
const SORT_CHOICES = [
  { value: "joined:asc", label: "Joined: oldest first" },
  { value: "joined:desc", label: "Joined: newest first" },
  { value: "email:asc", label: "Email A–Z" },
  { value: "email:desc", label: "Email Z–A" },
  { value: "role:asc", label: "Role A–Z" },
  { value: "role:desc", label: "Role Z–A" },
  { value: "lastActive:desc", label: "Last active: recent first" },
  { value: "lastActive:asc", label: "Last active: longest ago first" },
];

const BUILT_IN_FILTERS = [
  { value: "all", label: "All" },
  { value: "nanoAdmin", label: "Admin" },
  { value: "nanoUser", label: "User" },
  { value: "nanoReadOnly", label: "Read Only" },
];

export function UsersTab() {
  const can = useCan();
  const me = useMe();
  // Phones (600 px and below) get cards instead of the table, like the app shell's phone layout.
  const phone = useMediaQuery("(max-width: 600px)", false, { getInitialValueInEffect: false }) ?? false;
  const [params, setParams] = useSearchParams();
  const filter = params.get("role") ?? "all";
  const sortParam = params.get("sort") ?? "joined:asc";
  const [sort, dir] = (SORT_CHOICES.some((c) => c.value === sortParam) ? sortParam : "joined:asc").split(":") as [
    UserSort,
    "asc" | "desc",
  ];
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);
  const pages = useCursorPages(JSON.stringify([filter, q, sort, dir]));
  const users = useUsers(filter === "all" ? null : filter, pages.cursor, { q, sort, dir });
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  // The search reaches the URL (and the server) once typing pauses.
  useEffect(() => {
    if (search.trim() === q) return;
    const t = setTimeout(() => setParam("q", search.trim() || null), 250);
    return () => clearTimeout(t);
  });
  const roles = useRoles();
  const [selected, setSelected] = useState<UserResponse | null>(null);
  const [quick, setQuick] = useState<{ user: UserResponse; action: UserAction } | null>(null);
  // Where the last confirmation shows: on the page, or in the open user panel (which covers the page).
  const [notice, setNotice] = useState<{ text: string; inPanel: boolean } | null>(null);
  const inviteOpen = params.get("invite") === "1";
  const setInvite = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set("invite", "1");
    else next.delete("invite");
    setParams(next, { replace: true });
  };
  const filters = [
    ...BUILT_IN_FILTERS,
    ...(roles.data?.roles.filter((r) => !r.builtIn).map((r) => ({ value: r.name, label: r.label })) ?? []),
  ];
  const labelOf = (name: string) => roles.data?.roles.find((r) => r.name === name)?.label;
  const selfId = me.data?.user.id;
  const list = {
    users: users.data?.users ?? [],
    selfId,
    labelOf,
    onOpen: setSelected,
    onAction: (user: UserResponse, action: UserAction) => setQuick({ user, action }),
  };
  const panelDone = (text: string | null, action?: UserAction) => {
    // A deleted user's panel closes, so its confirmation moves to the page.
    if (action === "delete") setSelected(null);
    setNotice(text ? { text, inPanel: action !== "delete" } : null);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Chip.Group
          value={filter}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v === "all") next.delete("role");
            else next.set("role", String(v));
            setParams(next, { replace: true });
          }}
        >
          <Group gap="xs" role="group" aria-label="Filter by role" miw={0}>
            {filters.map((f) => (
              <Chip key={f.value} value={f.value} variant="outline" size="sm" maw="100%">
                {/* Custom labels run to 60 characters: cut them short, keep them whole in the title. */}
                <span
                  title={f.label}
                  style={{ display: "block", maxWidth: "12rem", overflow: "hidden", textOverflow: "ellipsis" }}
                >
                  {f.label}
                </span>
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {can("InviteToken.Create") && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInvite(true)}>
            Invite new user
          </Button>
        )}
      </Group>

      <Group align="flex-end" wrap="wrap">
        <TextInput
          type="search"
          label="Search by email"
          placeholder="Any part of the address"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          maxLength={USER_SEARCH_MAX}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 240px" }}
        />
        <NativeSelect
          label="Sort"
          data={SORT_CHOICES}
          value={`${sort}:${dir}`}
          onChange={(e) => setParam("sort", e.currentTarget.value === "joined:asc" ? null : e.currentTarget.value)}
          w={220}
        />
      </Group>
      <Text fw={600} aria-live="polite">
        {users.data ? `${users.data.total} ${q ? "matching " : ""}user${users.data.total === 1 ? "" : "s"}` : "\u00a0"}
      </Text>

      <StatusNotice message={notice && !notice.inPanel ? notice.text : null} onDismiss={() => setNotice(null)} />

      <QueryState isPending={users.isPending} error={users.error} retry={() => void users.refetch()} lines={4}>
        {users.data?.users.length === 0 ? (
          <Paper withBorder radius="md" p="sm">
            <Text size="sm" c="dimmed">
              {q ? "No user matches this search." : "No users with this role."}
            </Text>
          </Paper>
        ) : phone ? (
          <UserCards {...list} />
        ) : (
          <Paper withBorder radius="md" p="xs">
            <ScrollRegion label="Users table" minWidth={560}>
              <UserTable {...list} />
            </ScrollRegion>
          </Paper>
        )}
        {(pages.page > 0 || users.data?.next) && (
          <Group justify="flex-end" mt="xs">
            <Pager
              page={pages.page}
              pageSize={USERS_PAGE}
              count={users.data?.users.length ?? 0}
              total={users.data?.total ?? 0}
              next={users.data?.next}
              onPrevious={pages.previous}
              onNext={pages.next}
              noun="users"
            />
          </Group>
        )}
      </QueryState>

      <PendingInvites />
      <UserPanel
        opened={selected !== null}
        user={users.data?.users.find((u) => u.id === selected?.id) ?? selected}
        isSelf={selected?.id === selfId}
        notice={notice?.inPanel ? notice.text : null}
        onNotice={panelDone}
        onClose={() => {
          setSelected(null);
          setNotice(null);
        }}
      />
      {quick && (
        <UserActionDialog
          user={quick.user}
          action={quick.action}
          onClose={() => setQuick(null)}
          onDone={(text) => setNotice({ text, inPanel: false })}
        />
      )}
      {can("InviteToken.Create") && <InviteDialog opened={inviteOpen} onClose={() => setInvite(false)} />}
    </Stack>
  );
}
