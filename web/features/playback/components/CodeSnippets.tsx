import { Code, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { StreamPlayout } from "../../../../contract/stream.js";
import { CopyText } from "../../../components/CopyText.js";
import { htmlSnippet, iframeSnippet } from "../playout.js";

const SIZE = /^\d{1,5}(px|%)?$/;

function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <div>
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <CopyText value={code} label={`Copy ${title}`} />
      </Group>
      <Code block aria-label={title} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {code}
      </Code>
    </div>
  );
}

/** Ready-to-paste players: an iframe of the embed page, and a page of one's own with hls.js. */
export function CodeSnippets({ playout }: { playout: StreamPlayout }) {
  const [width, setWidth] = useState("640");
  const [height, setHeight] = useState("360");
  const bad = (v: string) => (SIZE.test(v) ? null : "A number, optionally with px or %");
  const size = { width: SIZE.test(width) ? width : "640", height: SIZE.test(height) ? height : "360" };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="snippets-heading">
      <Title order={2} size="h4" mb="xs" id="snippets-heading">
        Code Snippets
      </Title>
      <Stack gap="sm">
        <Group gap="sm" align="flex-start">
          <TextInput
            label="Width"
            value={width}
            onChange={(e) => setWidth(e.currentTarget.value)}
            error={bad(width)}
            w={140}
          />
          <TextInput
            label="Height"
            value={height}
            onChange={(e) => setHeight(e.currentTarget.value)}
            error={bad(height)}
            w={140}
          />
        </Group>
        <Snippet title="iFrame snippet" code={iframeSnippet(playout, size)} />
        <Snippet title="HTML snippet (hls.js)" code={htmlSnippet(playout, size)} />
      </Stack>
    </Paper>
  );
}
