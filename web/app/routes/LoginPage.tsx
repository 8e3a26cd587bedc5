import { Center, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { LoginForm } from "../../features/auth/components/LoginForm.js";
import { endedSessionNotice } from "../../lib/session.js";
import { BrandMark } from "../layout/BrandMark.js";

export function LoginPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const state = (location.state ?? {}) as { from?: string; notice?: string };
  const [notice] = useState(() => state.notice ?? endedSessionNotice() ?? undefined);
  const from = state.from && state.from.startsWith("/") && !state.from.startsWith("//") ? state.from : "/organisation/overview";
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack align="center" w="100%">
        <BrandMark />
        <LoginForm notice={notice} onDone={() => void navigate(from, { replace: true })} />
        <Text size="xs" c="dimmed">
          New here? Ask an admin of your organisation for an invitation link.
        </Text>
      </Stack>
    </Center>
  );
}
