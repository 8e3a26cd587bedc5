import { Center, Stack } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import { SetupForm } from "../../features/auth/components/SetupForm.js";
import { BrandMark } from "../layout/BrandMark.js";

export function SetupPage() {
  const navigate = useNavigate();
  // The token travels in the fragment, which browsers never send to the server.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "");
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack align="center" w="100%">
        <BrandMark />
        <SetupForm token={token} onDone={() => void navigate("/organisation/overview", { replace: true })} />
      </Stack>
    </Center>
  );
}
