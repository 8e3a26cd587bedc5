import { PasswordInput, type PasswordInputProps } from "@mantine/core";
import { forwardRef, useId } from "react";

/**
 * PasswordInput with its error announced: the library leaves aria-invalid and the link to the error
 * text off this input, so a screen reader would not hear why the field was refused.
 */
export const PasswordField = forwardRef<HTMLInputElement, PasswordInputProps>(function PasswordField(props, ref) {
  const fallback = useId();
  const id = props.id ?? fallback;
  const described = [props.error ? `${id}-error` : null, props.description ? `${id}-description` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <PasswordInput
      {...props}
      ref={ref}
      id={id}
      aria-invalid={props.error ? true : undefined}
      aria-describedby={described || undefined}
    />
  );
});
