import { ActionIcon } from "@mantine/core";
import { Hint } from "./Hint.js";
import { IconCheck, IconCopy, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { copyText } from "../lib/copy.js";

/** A copy-to-clipboard button with feedback: "Copied" only when the browser really copied. */
export function CopyText({ value, label }: { value: string; label: string }) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  const shown = result === "copied" ? "Copied" : result === "failed" ? "Copy failed: select the text instead" : label;
  const flash = (r: "copied" | "failed") => {
    setResult(r);
    // A failure stays longer: it asks the reader to do something.
    setTimeout(() => setResult(null), r === "failed" ? 5000 : 1500);
  };
  return (
    <Hint label={shown}>
      <ActionIcon
        variant="subtle"
        color={result === "copied" ? "teal" : result === "failed" ? "red" : "gray"}
        aria-label={shown}
        onClick={() => {
          // On plain http there is no clipboard object: copyText falls back to a selection copy.
          void copyText(value).then((ok) => flash(ok ? "copied" : "failed"));
        }}
      >
        {result === "copied" ? (
          <IconCheck size={18} />
        ) : result === "failed" ? (
          <IconX size={18} />
        ) : (
          <IconCopy size={18} />
        )}
      </ActionIcon>
    </Hint>
  );
}
