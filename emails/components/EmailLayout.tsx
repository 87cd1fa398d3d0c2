// The individual React Email packages, not @react-email/components: that bundle also loads
// Tailwind and a code highlighter, which added ~0.6 s to every server start.
import { Body } from "@react-email/body";
import { Button } from "@react-email/button";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Link } from "@react-email/link";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { CSSProperties, ReactNode } from "react";
import { config } from "../../app/config.server";

// The frame every email shares: plain, readable and accessible in any mail client. The service
// name is text, not a logo (no GOV.UK crown, logo or typeface: they are for GOV.UK only). Styles
// are inline because mail clients drop style sheets; the colours are GOV.UK's palette, which
// meets WCAG AA contrast on white.

export const SERVICE_NAME = "Community Recovery Innovation Challenge";

const TEXT = "#0b0c0c";
const SECONDARY_TEXT = "#505a5f";
const LINK = "#1d70b8";
const BUTTON = "#00703c";
const FONT = 'Arial, "Helvetica Neue", Helvetica, sans-serif';

const styles = {
  body: { backgroundColor: "#ffffff", color: TEXT, fontFamily: FONT, margin: 0, padding: 0 },
  container: { maxWidth: "580px", margin: "0 auto", padding: "0 16px" },
  header: { backgroundColor: TEXT, padding: "12px 16px" },
  serviceName: { color: "#ffffff", fontSize: "19px", fontWeight: 700, lineHeight: "1.3", margin: 0 },
  heading: { color: TEXT, fontSize: "27px", fontWeight: 700, lineHeight: "1.25", margin: "30px 0 20px" },
  paragraph: { color: TEXT, fontSize: "19px", lineHeight: "1.4", margin: "0 0 20px" },
  link: { color: LINK, textDecoration: "underline" },
  button: {
    backgroundColor: BUTTON,
    color: "#ffffff",
    fontSize: "19px",
    fontWeight: 700,
    lineHeight: "1.2",
    padding: "10px 16px",
    textDecoration: "none",
    display: "inline-block",
  },
  rule: { borderColor: "#b1b4b6", margin: "30px 0 15px" },
  footer: { color: SECONDARY_TEXT, fontSize: "16px", lineHeight: "1.4", margin: "0 0 10px" },
} satisfies Record<string, CSSProperties>;

export interface EmailLayoutProps {
  /** The email's heading, also its document title. Usually close to the subject. */
  heading: string;
  /** The line mail clients show after the subject in the inbox list. */
  preview?: string;
  children: ReactNode;
  /** Who runs the challenge, for the footer; the configured operator unless a preview says otherwise. */
  operatorName?: string;
  /** The service's address, for the footer. */
  serviceUrl?: string;
}

export function EmailLayout({
  heading,
  preview,
  children,
  operatorName = config.operatorName,
  serviceUrl = config.appUrl,
}: EmailLayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{heading}</title>
      </Head>
      {preview ? <Preview>{preview}</Preview> : null}
      <Body style={styles.body}>
        <Section style={styles.header}>
          <Text style={styles.serviceName}>{SERVICE_NAME}</Text>
        </Section>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr style={styles.rule} />
          <Text style={styles.footer}>
            The {SERVICE_NAME} is run by {operatorName}.
          </Text>
          <Text style={styles.footer}>
            <Link href={serviceUrl} style={styles.link}>
              {serviceUrl.replace(/^https?:\/\//, "")}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** A paragraph of body text. */
export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.paragraph}>{children}</Text>;
}

/** A link within a paragraph. */
export function TextLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} style={styles.link}>
      {children}
    </Link>
  );
}

/**
 * The one main action of an email, shown as a button. It is still a link (mail clients have no
 * forms), followed by the address itself for anyone whose mail client or screen reader makes
 * the button awkward to use, or who reads the plain-text version.
 */
export function ButtonLink({
  href,
  children,
  showAddress = true,
}: {
  href: string;
  children: ReactNode;
  showAddress?: boolean;
}) {
  return (
    <>
      <Section style={{ margin: "0 0 20px" }}>
        <Button href={href} style={styles.button}>
          {children}
        </Button>
      </Section>
      {showAddress ? (
        <Text style={styles.paragraph}>
          Or copy this link into your browser:
          <br />
          <Link href={href} style={styles.link}>
            {href}
          </Link>
        </Text>
      ) : null}
    </>
  );
}
