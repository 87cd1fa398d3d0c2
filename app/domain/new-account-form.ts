import { z } from "zod";
import { emailAddress, requiredText } from "./forms";
import { MAX_PASSWORD_LENGTH, newPasswordField, passwordError } from "./password-policy";

// The form that creates an account with a password: registering as an entrant (/register) and
// the first staff account (/setup/:token). Name, email address, a new password and the same
// password again, every problem listed at once.

export const NEW_ACCOUNT_ORDER = ["name", "email", "password", "confirmPassword"];

export const newAccountSchema = z
  .object({
    name: requiredText("your full name", 200),
    email: emailAddress(),
    password: newPasswordField("Create a password"),
    confirmPassword: z
      .string({ error: "Confirm your password" })
      .min(1, "Confirm your password")
      .max(MAX_PASSWORD_LENGTH, "Enter the same password in both boxes"),
  })
  .superRefine((value, ctx) => {
    // Runs even when another field failed, so every problem is listed at once; hence the checks
    // that each value is what the schema would have made it.
    const { password, confirmPassword, email, name } = value as Record<string, unknown>;
    if (typeof password !== "string" || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return;
    const problem = passwordError(password, {
      email: typeof email === "string" ? email : null,
      name: typeof name === "string" ? name : null,
    });
    if (problem) {
      ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    } else if (typeof confirmPassword === "string" && confirmPassword.length > 0 && confirmPassword !== password) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "Enter the same password in both boxes" });
    }
  });
