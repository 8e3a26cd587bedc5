import { TagsInput } from "@mantine/core";
import { useTagSuggestions } from "../api/streams.js";

/** Tags with suggestions from the organisation's existing tags; Enter adds one. */
export function TagEditor({ label, value, onChange, description }: { label: string; value: string[]; onChange: (v: string[]) => void; description?: string }) {
  const suggestions = useTagSuggestions();
  return (
    <TagsInput
      label={label}
      description={description}
      data={suggestions.data?.tags.map((t) => t.name) ?? []}
      value={value}
      onChange={onChange}
      maxTags={32}
      clearable
      splitChars={[]}
      acceptValueOnBlur
    />
  );
}
