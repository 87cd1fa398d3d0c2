import { Heading } from "@react-email/heading";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { EmailLayout, Paragraph, TextLink } from "./components/EmailLayout";

export interface EntryReceiptEmailProps {
  reference: string;
  title: string;
  organisationName: string;
  /** When it was submitted, already in UK time: "4:05pm on 12 March 2027". */
  submittedAt: string;
  /** The organisation's closing time, in UK time. */
  closesAt: string;
  /** True when this replaces an earlier submission of the same entry. */
  resubmission: boolean;
  entryUrl: string;
  /** A copy of what was submitted, section by section. */
  sections: { title: string; rows: { label: string; text: string[] }[] }[];
}

export function entryReceiptSubject({ reference, resubmission }: EntryReceiptEmailProps): string {
  return resubmission
    ? `Your changes to entry ${reference} have been submitted`
    : `Your entry ${reference} has been submitted`;
}

const sectionHeading = {
  color: "#0b0c0c",
  fontSize: "24px",
  fontWeight: 700,
  lineHeight: "1.25",
  margin: "30px 0 15px",
};
const label = { color: "#0b0c0c", fontSize: "19px", fontWeight: 700, lineHeight: "1.4", margin: "0 0 5px" };
const answer = {
  color: "#0b0c0c",
  fontSize: "19px",
  lineHeight: "1.4",
  margin: "0 0 15px",
  whiteSpace: "pre-wrap" as const,
};

export default function EntryReceiptEmail(props: EntryReceiptEmailProps) {
  const { reference, title, organisationName, submittedAt, closesAt, resubmission, entryUrl, sections } = props;
  return (
    <EmailLayout
      heading={resubmission ? "Your changes have been submitted" : "Your entry has been submitted"}
      preview={`${title} (${reference}), submitted at ${submittedAt}.`}
    >
      <Paragraph>
        We received {organisationName}’s entry ‘{title}’ at {submittedAt}. Your reference is{" "}
        <strong>{reference}</strong>.
      </Paragraph>
      <Paragraph>
        {resubmission
          ? "This version replaces the one you submitted before. The judges will see this version."
          : "The judges will see the entry exactly as it is copied below."}{" "}
        You can change or withdraw it until {closesAt}: changes only reach the judges if you submit them again before
        then.
      </Paragraph>
      <Paragraph>
        <TextLink href={entryUrl}>Go to your entry</TextLink>
      </Paragraph>
      <Heading as="h2" style={sectionHeading}>
        What you submitted
      </Heading>
      {sections.map((section) => (
        <Section key={section.title}>
          <Heading as="h3" style={{ ...sectionHeading, fontSize: "21px" }}>
            {section.title}
          </Heading>
          {section.rows.map((row) => (
            <Section key={row.label}>
              <Text style={label}>{row.label}</Text>
              {row.text.length ? (
                row.text.map((paragraph, i) => (
                  <Text key={i} style={answer}>
                    {paragraph}
                  </Text>
                ))
              ) : (
                <Text style={answer}>Not answered</Text>
              )}
            </Section>
          ))}
        </Section>
      ))}
    </EmailLayout>
  );
}

const preview: EntryReceiptEmailProps = {
  reference: "CRI-0042",
  title: "Green Lanes community fridge",
  organisationName: "Green Lanes Residents Association",
  submittedAt: "4:05pm on 12 March 2027",
  closesAt: "11:59pm on 21 March 2027",
  resubmission: false,
  entryUrl: "http://localhost:3000/entries/CRI-0042",
  sections: [
    {
      title: "About the idea",
      rows: [
        { label: "Name of the idea", text: ["Green Lanes community fridge"] },
        { label: "Summary", text: ["A shared fridge for surplus food from local shops, run by volunteers."] },
      ],
    },
  ],
};

EntryReceiptEmail.PreviewProps = preview;
