import { ActionIcon } from "@mantine/core";
import { Hint } from "./Hint.js";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useState } from "react";

/** A copy-to-clipboard button with feedback. */
export function CopyText({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Hint label={copied ? "Copied" : label}>
      <ActionIcon
        variant="subtle"
        color={copied ? "teal" : "gray"}
        aria-label={copied ? "Copied" : label}
        onClick={() => {
          void navigator.clipboard.writeText(value).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
      </ActionIcon>
    </Hint>
  );
}
