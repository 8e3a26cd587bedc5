import { AppShell, Burger, Container, Group, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { Link, NavLink as RouterNavLink, Outlet, useNavigate } from "react-router";
import { useLogout } from "../../features/auth/api/logout.js";
import { useCan, useMe } from "../../lib/me.js";
import { BrandMark } from "./BrandMark.js";
import { ColorSchemeToggle } from "./ColorSchemeToggle.js";
import { MobileMenu } from "./MobileMenu.js";
import { ACCOUNT_ENTRIES, MAIN_ENTRIES } from "./navigation.js";
import { ProfileMenu } from "./ProfileMenu.js";

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
  const email = me.data?.user.email;
  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate("/login", { replace: true }) });

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header bg="brand.8" style={{ borderBottom: "none" }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {phone && <Burger opened={menuOpen} onClick={menu.toggle} color="white" size="sm" aria-label="Open menu" aria-expanded={menuOpen} />}
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
            {!phone && <ProfileMenu email={email} entries={entries} onLogout={signOut} />}
          </Group>
        </Group>
      </AppShell.Header>

      {phone && <MobileMenu opened={menuOpen} onClose={menu.close} email={email} sections={sections} entries={entries} onLogout={signOut} />}

      <AppShell.Main>
        <Container size="xl" px={0}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
