import { Link } from "@remix-run/react";
import { WarningText } from "./content";

// The ten recovery codes, shown once (only their hashes are kept), with the way on.

export function RecoveryCodes({ codes, continueTo }: { codes: readonly string[]; continueTo: string }) {
  return (
    <>
      <h1 className="govuk-heading-l">Save your recovery codes</h1>
      <p className="govuk-body">
        If you lose your phone, each of these codes lets you sign in once instead of a code from your authenticator app.
        Keep them somewhere safe, away from your phone: print them, or save them in a password manager.
      </p>
      <WarningText>This is the only time you will see these codes.</WarningText>
      <ul className="govuk-list app-recovery-codes" aria-label="Your recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <Link className="govuk-button" role="button" draggable="false" data-module="govuk-button" to={continueTo}>
        I have saved my codes
      </Link>
    </>
  );
}
