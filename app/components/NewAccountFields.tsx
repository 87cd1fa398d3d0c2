import type { FieldErrors, FormValues } from "../domain/forms";
import { PASSWORD_HINT } from "../domain/password-policy";
import { PasswordInput, TextInput, valueOf } from "./forms";

/** The fields of `newAccountSchema` (app/domain/new-account-form.ts), for /register and /setup. */
export function NewAccountFields({
  errors,
  values,
  emailHint,
}: {
  errors: FieldErrors | undefined;
  values: FormValues | undefined;
  emailHint: string;
}) {
  return (
    <>
      <TextInput
        name="name"
        label="Full name"
        autoComplete="name"
        spellCheck={false}
        error={errors?.name}
        defaultValue={valueOf(values, "name")}
      />
      <TextInput
        name="email"
        label="Email address"
        hint={emailHint}
        type="email"
        autoComplete="email"
        spellCheck={false}
        error={errors?.email}
        defaultValue={valueOf(values, "email")}
      />
      <PasswordInput
        name="password"
        label="Create a password"
        hint={PASSWORD_HINT}
        autoComplete="new-password"
        error={errors?.password}
      />
      <PasswordInput
        name="confirmPassword"
        label="Confirm password"
        autoComplete="new-password"
        error={errors?.confirmPassword}
      />
    </>
  );
}
