import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface AwardOfferEmailProps {
  name: string;
  organisationName: string;
  challengeTitle: string;
  /** The entry's reference, like CRI-0042. */
  reference: string;
  title: string;
  /** The prize tiers the entry won, as they read in a sentence: "Top 20", "Top 3". */
  tiers: string[];
  /** Whether the entry is one of the winners (the narrowest tier), not only a runner-up. */
  winner: boolean;
  /** The cash prize, already formatted ("£500"), or null when there is none. */
  cash: string | null;
  /** Support worth up to this much, already formatted ("£15,000"), or null. */
  supportCap: string | null;
  masterclass: boolean;
  /** The winner's awards page. */
  awardsUrl: string;
}

export function awardOfferSubject({ reference, winner, challengeTitle }: AwardOfferEmailProps): string {
  return winner
    ? `Congratulations: your entry ${reference} is a winner of the ${challengeTitle}`
    : `Congratulations: your entry ${reference} is in the top ideas of the ${challengeTitle}`;
}

export default function AwardOfferEmail(props: AwardOfferEmailProps) {
  const {
    name,
    organisationName,
    challengeTitle,
    reference,
    title,
    tiers,
    winner,
    cash,
    supportCap,
    masterclass,
    awardsUrl,
  } = props;
  return (
    <EmailLayout
      heading={winner ? "Your idea is a winner" : "Your idea is in the top ideas"}
      preview={`${reference}: ${title}`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        The judges of the {challengeTitle} have chosen “{title}” ({reference}) from {organisationName} for:{" "}
        {tiers.join(" and ")}.
      </Paragraph>
      {cash ? <Paragraph>Your organisation wins a cash prize of {cash}.</Paragraph> : null}
      {supportCap ? (
        <Paragraph>You will also get support, investment and coaching worth up to {supportCap}.</Paragraph>
      ) : null}
      {masterclass ? (
        <Paragraph>You are invited to a business development masterclass. We will email you the dates.</Paragraph>
      ) : null}
      <Paragraph>What to do next:</Paragraph>
      <Paragraph>
        1. Sign in and accept the prize in your account. 2. Send the authority&apos;s supplier form to its finance team
        so that they can pay you, then tell us you have sent it. We never ask for bank details by email.
      </Paragraph>
      <ButtonLink href={awardsUrl}>Accept your prize</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: AwardOfferEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  reference: "CRI-0042",
  title: "Cook well, eat well: a community kitchen for Ladywood",
  tiers: ["Top 20", "Top 3"],
  winner: true,
  cash: "£500",
  supportCap: "£15,000",
  masterclass: true,
  awardsUrl: "http://localhost:3000/awards",
};
AwardOfferEmail.PreviewProps = previewProps;
