import { Stack, Title } from "@mantine/core";
import { AccountDetails } from "../../features/account/components/AccountDetails.js";
import { ChangePasswordForm } from "../../features/account/components/ChangePasswordForm.js";

export function AccountPage() {
  return (
    <Stack>
      <Title order={1} c="brand">
        My Account
      </Title>
      <AccountDetails />
      <ChangePasswordForm />
    </Stack>
  );
}
