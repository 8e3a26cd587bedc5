import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconBuilding, IconChevronRight, IconLock, IconMail } from "@tabler/icons-react";
import { useRef, useState, type FormEvent } from "react";
import { ORG_NAME_MAX, PASSWORD_MIN_LENGTH } from "../../../../contract/auth-limits.js";
import { errorMessage } from "../../../lib/api.js";
import { useCompleteSetup, useSetupStatus } from "../api/setup.js";
import { PasswordField } from "./PasswordField.js";
import {
  confirmProblem,
  emailProblem,
  fieldFromApiError,
  newPasswordProblem,
  organisationNameProblem,
  type FieldErrors,
} from "../field-errors.js";

type Field = "organisationName" | "email" | "password" | "confirm";
const ORDER: Field[] = ["organisationName", "email", "password", "confirm"];
const API_FIELDS: Record<string, Field> = {
  organisationName: "organisationName",
  name: "organisationName",
  email: "email",
  password: "password",
};

/** First run: the one-time token comes in the URL fragment, which never reaches a server log. */
export function SetupForm({ token, onDone }: { token: string; onDone: () => void }) {
  const status = useSetupStatus();
  const setup = useCompleteSetup();
  const [values, setValues] = useState<Record<Field, string>>({
    organisationName: "",
    email: "",
    password: "",
    confirm: "",
  });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});

  const check = (v: Record<Field, string>): FieldErrors<Field> => {
    const all: FieldErrors<Field> = {
      organisationName: organisationNameProblem(v.organisationName),
      email: emailProblem(v.email),
      password: newPasswordProblem(v.password),
      confirm: confirmProblem(v.password, v.confirm),
    };
    return Object.fromEntries(Object.entries(all).filter(([, m]) => m !== undefined));
  };
  const show = (found: FieldErrors<Field>) => {
    setErrors(found);
    const first = ORDER.find((f) => found[f]);
    if (first) inputs.current[first]?.focus();
  };
  // A field's message goes away as soon as what was typed fixes it.
  const set = (field: Field) => (value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    if (errors[field] || (field === "password" && errors.confirm)) {
      const now = check(next);
      setErrors((old) =>
        Object.fromEntries(
          Object.entries(old)
            .filter(([f]) => now[f as Field])
            .map(([f]) => [f, now[f as Field]]),
        ),
      );
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const found = check(values);
    if (Object.keys(found).length > 0) return show(found);
    setup.mutate(
      {
        token,
        organisationName: values.organisationName.trim(),
        email: values.email.trim(),
        password: values.password,
      },
      {
        onSuccess: onDone,
        onError: (err) => {
          const onField = fieldFromApiError(err, API_FIELDS);
          if (onField) show({ [onField.field]: onField.message });
          else setFormError(errorMessage(err));
        },
      },
    );
  };

  if (status.data && !status.data.needed) {
    return (
      <Alert color="blue" title="Setup is complete" role="status">
        This orgdeck already has an organisation. <Anchor href="/login">Sign in</Anchor> instead.
      </Alert>
    );
  }
  const field = (f: Field) => ({
    ref: (el: HTMLInputElement | null) => void (inputs.current[f] = el),
    value: values[f],
    error: errors[f],
    required: true,
    size: "md" as const,
    onChange: (e: { currentTarget: { value: string } }) => set(f)(e.currentTarget.value),
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="setup-title">
      <Stack>
        <div>
          <Title order={1} id="setup-title" c="brand" fz={{ base: 36, sm: 44 }} fw={900} tt="uppercase" lh={1.1}>
            Set up orgdeck
          </Title>
          <Text c="dimmed" mt={4}>
            Create the first organisation and its administrator. You can invite your team afterwards.
          </Text>
        </div>
        {!token && (
          <Alert color="red" role="alert" title="Missing setup link">
            Open the one-time link the server printed when it started.
          </Alert>
        )}
        {formError && (
          <Alert color="red" role="alert" title="Setup failed">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Organisation name"
          description={`Up to ${ORG_NAME_MAX} characters; you can change it later.`}
          autoComplete="organization"
          leftSection={<IconBuilding size={18} aria-hidden />}
          {...field("organisationName")}
        />
        <TextInput
          label="Admin email"
          type="email"
          autoComplete="username"
          leftSection={<IconMail size={18} aria-hidden />}
          {...field("email")}
        />
        <PasswordField
          label="Password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters; a passphrase is best.`}
          autoComplete="new-password"
          leftSection={<IconLock size={18} aria-hidden />}
          {...field("password")}
        />
        <PasswordField
          label="Confirm password"
          autoComplete="new-password"
          leftSection={<IconLock size={18} aria-hidden />}
          {...field("confirm")}
        />
        <Button
          type="submit"
          size="md"
          loading={setup.isPending}
          disabled={!token}
          rightSection={<IconChevronRight size={18} aria-hidden />}
        >
          Create organisation
        </Button>
        <Text size="sm" ta="center">
          Already set up?{" "}
          <Anchor href="/login" fw={600}>
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
