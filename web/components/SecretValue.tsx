import { ActionIcon, Group, Loader, Stack, Text } from "@mantine/core";
import { Hint } from "./Hint.js";
import { IconCheck, IconCopy, IconEye, IconEyeOff } from "@tabler/icons-react";
import { useState } from "react";
import { copyText } from "../lib/copy.js";

const MASK = "•".repeat(24);

/**
 * A secret shown masked until the eye is pressed, with a copy button. `load` fetches the value on
 * demand (the API key is never fetched before the user asks for it).
 */
export function SecretValue({ label, value, load }: { label: string; value?: string; load?: () => Promise<string> }) {
  const [revealed, setRevealed] = useState(false);
  const [loaded, setLoaded] = useState<string | undefined>(value);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function ensure(): Promise<string | undefined> {
    if (loaded !== undefined) return loaded;
    if (!load) return undefined;
    setBusy(true);
    setError(null);
    try {
      const v = await load();
      setLoaded(v);
      return v;
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not load the value");
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function toggle() {
    if (revealed) return setRevealed(false);
    if ((await ensure()) !== undefined) setRevealed(true);
  }

  async function copy() {
    const v = await ensure();
    if (v === undefined) return;
    if (await copyText(v)) {
      setError(null);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
      return;
    }
    // Never "Copied" when it was not: show the value so it can be selected and copied by hand.
    setRevealed(true);
    setError("Copying is not allowed here: select the value and copy it yourself");
  }

  return (
    <Stack gap={4} style={{ minWidth: 0 }}>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <Text
          ff="monospace"
          size="sm"
          style={{
            flex: 1,
            minWidth: 0,
            overflow: "hidden",
            textOverflow: revealed ? undefined : "clip",
            whiteSpace: revealed ? "normal" : "nowrap",
            overflowWrap: "anywhere",
            borderBottom: "1px solid var(--mantine-color-default-border)",
          }}
          aria-label={`${label} value`}
          data-testid={`secret-${label}`}
        >
          {revealed && loaded !== undefined ? loaded : MASK}
        </Text>
        {busy && <Loader size="xs" aria-label={`Loading ${label}`} />}
        <Hint label={revealed ? `Hide ${label}` : `Show ${label}`}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={revealed ? `Hide ${label}` : `Show ${label}`}
            aria-pressed={revealed}
            onClick={() => void toggle()}
          >
            {revealed ? <IconEyeOff size={18} /> : <IconEye size={18} />}
          </ActionIcon>
        </Hint>
        <Hint label={copied ? "Copied" : `Copy ${label}`}>
          <ActionIcon
            variant="subtle"
            color={copied ? "teal" : "gray"}
            aria-label={copied ? `Copied ${label}` : `Copy ${label}`}
            onClick={() => void copy()}
          >
            {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
          </ActionIcon>
        </Hint>
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
