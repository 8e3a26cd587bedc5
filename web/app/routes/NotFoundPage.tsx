import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

export function NotFoundPage({
  title = "Page not found",
  message = "There is nothing at this address.",
}: {
  title?: string;
  message?: string;
}) {
  return (
    <Stack align="flex-start" py="xl">
      <Title order={1}>{title}</Title>
      <Text>{message}</Text>
      <Button component={Link} to="/organisation/overview" variant="light">
        Go to My Organisation
      </Button>
    </Stack>
  );
}
