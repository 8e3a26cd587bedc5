import { Center, Stack } from "@mantine/core";
import { useNavigate, useParams } from "react-router";
import { AcceptInvitation } from "../../features/invitation/components/AcceptInvitation.js";
import { BrandMark } from "../layout/BrandMark.js";

export function InvitationPage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack align="center" w="100%">
        <BrandMark />
        <AcceptInvitation token={token} onDone={() => void navigate("/organisation/overview", { replace: true })} />
      </Stack>
    </Center>
  );
}
