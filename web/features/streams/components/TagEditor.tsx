import { TagsInput } from "@mantine/core";
import { useState, type KeyboardEvent } from "react";
import { TAG_MAX_LENGTH, TAGS_PER_STREAM_MAX } from "../../../../contract/tag-limits.js";
import { useTagSuggestions } from "../api/streams.js";

const preview = (t: string) => (t.length > 24 ? `${t.slice(0, 24)}…` : t);

/**
 * Tags with suggestions from the organisation's existing tags; Enter adds one. Suggestions show only
 * while a tag is being typed, so after adding one nothing covers the buttons below. A tag that cannot
 * be added says why instead of vanishing.
 */
export function TagEditor(props: {
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  description?: string;
  limit?: boolean;
}) {
  const { label, value, onChange, description, limit = true } = props;
  const suggestions = useTagSuggestions();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const change = (next: string[]) => {
    const tooLong = next.find((t) => !value.includes(t) && t.trim().length > TAG_MAX_LENGTH);
    if (tooLong) {
      setProblem(`"${preview(tooLong.trim())}" is longer than ${TAG_MAX_LENGTH} characters: shorten it to add it.`);
      setSearch(tooLong);
      return;
    }
    setProblem(null);
    onChange(next);
  };
  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" && limit && search.trim() !== "" && value.length >= TAGS_PER_STREAM_MAX) {
      setProblem(`A stream holds at most ${TAGS_PER_STREAM_MAX} tags: remove one to add "${preview(search.trim())}".`);
    }
  };
  const count = limit ? `${value.length} of ${TAGS_PER_STREAM_MAX} tags` : null;

  return (
    <TagsInput
      label={label}
      description={[description, count].filter(Boolean).join(" · ") || undefined}
      data={suggestions.data?.tags.map((t) => t.name) ?? []}
      value={value}
      onChange={change}
      searchValue={search}
      onSearchChange={(s) => {
        setSearch(s);
        if (problem && !problem.startsWith("A stream")) setProblem(null);
      }}
      dropdownOpened={open && search.trim() !== ""}
      onDropdownOpen={() => setOpen(true)}
      onDropdownClose={() => setOpen(false)}
      onKeyDown={keyDown}
      error={problem}
      maxTags={limit ? TAGS_PER_STREAM_MAX : undefined}
      limit={8}
      clearable
      splitChars={[]}
      acceptValueOnBlur
    />
  );
}
