import { Alert, Button, Container, Stack } from "@mantine/core";
import { Component, type ReactNode } from "react";

/**
 * Catches a page that fails to load or render. Most often a new version was deployed and the page's
 * chunk from the old one is gone: a reload fetches the new version.
 */
export class RouteError extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const chunk = /dynamically imported module|import|fetch/i.test(error.message);
    return (
      <Container size="sm" py="xl">
        <Stack>
          <Alert color="red" title={chunk ? "This page could not be loaded" : "Something went wrong"} role="alert">
            {chunk
              ? "orgdeck may have been updated since you opened it, or the connection dropped."
              : "The page hit an unexpected error."}{" "}
            Reloading usually helps.
          </Alert>
          <Button onClick={() => window.location.reload()} w="fit-content">
            Reload
          </Button>
        </Stack>
      </Container>
    );
  }
}
