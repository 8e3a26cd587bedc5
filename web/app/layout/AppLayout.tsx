import { ActionIcon, AppShell, Burger, Container, Drawer, Group, Menu, NavLink, Stack, Text, Tooltip, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconLogout, IconMoon, IconSun, IconUserCircle } from "@tabler/icons-react";
import { Link, NavLink as RouterNavLink, Outlet, useNavigate } from "react-router";
import { useLogout } from "../../features/auth/api/logout.js";
import { useCan, useMe } from "../../lib/me.js";
import { BrandMark } from "./BrandMark.js";
import { ACCOUNT_ENTRIES, MAIN_ENTRIES } from "./navigation.js";

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  return (
    <Tooltip label={scheme === "dark" ? "Light theme" : "Dark theme"}>
      <ActionIcon variant="subtle" color="white" size="lg" aria-label="Toggle color scheme" onClick={() => setColorScheme(scheme === "dark" ? "light" : "dark")}>
        {scheme === "dark" ? <IconSun size={20} /> : <IconMoon size={20} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function AppLayout() {
  // The phone layout takes over at 600 px and below.
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const [menuOpen, menu] = useDisclosure(false);
  const me = useMe();
  const can = useCan();
  const logout = useLogout();
  const navigate = useNavigate();
  const entries = ACCOUNT_ENTRIES.filter((e) => !e.permission || can(e.permission));
  const sections = MAIN_ENTRIES.filter((e) => !e.permission || can(e.permission));
  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate("/login", { replace: true }) });

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header bg="brand.8" style={{ borderBottom: "none" }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {phone && <Burger opened={menuOpen} onClick={menu.toggle} color="white" size="sm" aria-label="Open menu" />}
            <Link to="/organisation/overview" style={{ textDecoration: "none" }} aria-label="orgdeck home">
              <BrandMark inverted />
            </Link>
            {!phone && (
              <nav aria-label="Main">
                <Group gap="md" ml="lg">
                  {sections.map((e) => (
                    <Text key={e.to} component={RouterNavLink} to={e.to} c="white" fw={600} size="sm" style={{ textDecoration: "none" }}>
                      {e.label}
                    </Text>
                  ))}
                </Group>
              </nav>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            {!phone && (
              <Menu position="bottom-end" width={220} shadow="md">
                <Menu.Target>
                  <ActionIcon variant="subtle" color="white" size="lg" aria-label="Account menu">
                    <IconUserCircle size={26} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {me.data && <Menu.Label>{me.data.user.email}</Menu.Label>}
                  {entries.map((e) => (
                    <Menu.Item key={e.to} component={Link} to={e.to}>
                      {e.label}
                    </Menu.Item>
                  ))}
                  <Menu.Divider />
                  <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut}>
                    Logout
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </AppShell.Header>

      <Drawer opened={menuOpen} onClose={menu.close} title="Menu" size="80%">
        <nav aria-label="Main">
          <Stack gap={4} mb="md">
            {sections.map((e) => (
              <NavLink key={e.to} component={Link} to={e.to} label={e.label} onClick={menu.close} />
            ))}
          </Stack>
        </nav>
        <nav aria-label="Account">
          <Stack gap={4}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" id="account-section">
              Account
            </Text>
            {me.data && (
              <Text size="sm" c="dimmed" mb="xs">
                {me.data.user.email}
              </Text>
            )}
            {entries.map((e) => (
              <NavLink key={e.to} component={Link} to={e.to} label={e.label} onClick={menu.close} />
            ))}
            <NavLink
              component="button"
              label="Logout"
              leftSection={<IconLogout size={16} />}
              onClick={() => {
                menu.close();
                signOut();
              }}
            />
          </Stack>
        </nav>
      </Drawer>

      <AppShell.Main>
        <Container size="xl" px={0}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
