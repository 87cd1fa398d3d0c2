import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface GrantAgreementAcceptedEmailProps {
  name: string;
  organisationName: string;
  /** The entry's reference, like JC-2021-0042. */
  reference: string;
  title: string;
  tierName: string;
  version: number;
  signatoryName: string;
  signatoryRole: string;
  /** When it was accepted, already written in Europe/London time ("2:05pm on 3 August 2021"). */
  acceptedAt: string;
  /** The SHA-256 of the exact text accepted, so either side can show which text it was. */
  sha256: string;
  /** The agreement page, where the PDF can be downloaded. */
  agreementUrl: string;
}

export function grantAgreementAcceptedSubject({ reference, version }: GrantAgreementAcceptedEmailProps): string {
  return version > 1
    ? `Grant agreement for ${reference} accepted (version ${version})`
    : `Grant agreement for ${reference} accepted`;
}

export default function GrantAgreementAcceptedEmail({
  name,
  organisationName,
  reference,
  title,
  tierName,
  version,
  signatoryName,
  signatoryRole,
  acceptedAt,
  sha256,
  agreementUrl,
}: GrantAgreementAcceptedEmailProps) {
  return (
    <EmailLayout heading="Your grant agreement is accepted" preview={`${reference}: ${title}`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        {signatoryName} ({signatoryRole}) accepted version {version} of the grant agreement for {organisationName}
        &apos;s award, {tierName}, for “{title}” ({reference}), at {acceptedAt}.
      </Paragraph>
      <Paragraph>
        You can read the agreement and download a copy as a PDF from your award. The text accepted has the fingerprint
        (SHA-256) {sha256}.
      </Paragraph>
      <Paragraph>If you did not expect this, contact the programme team straight away, quoting {reference}.</Paragraph>
      <ButtonLink href={agreementUrl}>See the agreement</ButtonLink>
    </EmailLayout>
  );
}

// Annotated rather than `satisfies`, so the registry reads the props type, not these literals.
const previewProps: GrantAgreementAcceptedEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  reference: "JC-2021-0042",
  title: "Cook well, eat well: a community kitchen for Ladywood",
  tierName: "Top 3",
  version: 1,
  signatoryName: "Amara Okafor",
  signatoryRole: "Director",
  acceptedAt: "2:05pm on 3 August 2021",
  sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  agreementUrl: "http://localhost:3000/awards/1/agreement",
};
GrantAgreementAcceptedEmail.PreviewProps = previewProps;
