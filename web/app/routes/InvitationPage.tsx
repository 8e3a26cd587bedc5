import { Box, Stack } from "@mantine/core";
import { useNavigate, useParams } from "react-router";
import { AcceptInvitation } from "../../features/invitation/components/AcceptInvitation.js";
import { BrandMark } from "../layout/BrandMark.js";

/** /invite/:token — a page of its own, outside the app shell: the invitee has no account yet. */
export function InvitationPage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  return (
    <Box component="main" mih="100vh" px="md" py={{ base: "lg", sm: 48 }}>
      <Stack align="center" gap="xl">
        <BrandMark />
        <AcceptInvitation token={token} onDone={() => void navigate("/organisation/overview", { replace: true })} />
      </Stack>
    </Box>
  );
}
