import { describe, expect, it } from "vitest";
import { ButtonLink, EmailLayout, Paragraph, TextLink } from "../../emails/components/EmailLayout";
import { defineTemplates, findTemplate, renderEmail } from "../../emails/registry";
import { templates } from "../../emails/templates";

function Sample({ name, link }: { name: string; link: string }) {
  return (
    <EmailLayout
      heading="Confirm your email address"
      preview="One step left"
      operatorName="Test Combined Authority"
      serviceUrl="https://challenge.example"
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        Read the <TextLink href="https://challenge.example/guidance">guidance</TextLink> first.
      </Paragraph>
      <ButtonLink href={link}>Confirm email address</ButtonLink>
    </EmailLayout>
  );
}
Sample.PreviewProps = { name: "Ada", link: "https://challenge.example/verify?token=t1" };

const sample = defineTemplates({ sample: { subject: (p) => `Welcome,\r\n${p.name}`, Component: Sample } }).sample;

describe("the email layout", () => {
  it("renders an accessible document: language, title, one main heading, the service named in text", async () => {
    const { html } = await renderEmail(sample, Sample.PreviewProps);
    expect(html).toMatch(/<html[^>]*\blang="en"/);
    expect(html).toContain("<title>Confirm your email address</title>");
    expect(html.match(/<h1\b/g)).toHaveLength(1);
    expect(html).toContain("Community Recovery Innovation Challenge");
    // React separates adjacent text with empty comments.
    expect(html.replace(/<!-- -->/g, "")).toContain(
      "The Community Recovery Innovation Challenge is run by Test Combined Authority.",
    );
    // GOV.UK's identity is for GOV.UK only.
    expect(html).not.toMatch(/GOV\.UK|crown|GDS Transport/i);
  });

  it("gives a plain-text version with every link written out and without the hidden preview line", async () => {
    const { text } = await renderEmail(sample, Sample.PreviewProps);
    expect(text).toContain("Confirm your email address\n");
    expect(text).toContain("Hello Ada,");
    expect(text).toContain("https://challenge.example/verify?token=t1");
    expect(text).toContain("https://challenge.example/guidance");
    expect(text).toContain("is run by Test Combined Authority");
    expect(text).not.toContain("One step left");
  });

  it("shows the button's address as text as well, for mail clients where the button fails", async () => {
    const { html } = await renderEmail(sample, Sample.PreviewProps);
    expect(html.match(/href="https:\/\/challenge\.example\/verify\?token=t1"/g)).toHaveLength(2);
    expect(html).toContain("Or copy this link into your browser:");
  });

  it("keeps the subject to one line whatever the props contain", async () => {
    const { subject } = await renderEmail(sample, Sample.PreviewProps);
    expect(subject).toBe("Welcome, Ada");
  });
});

describe("the template registry", () => {
  it("finds templates by name and nothing inherited from Object", () => {
    expect(findTemplate({ sample }, "sample")).toBe(sample);
    expect(findTemplate({ sample }, "constructor")).toBeUndefined();
    expect(findTemplate({ sample }, "toString")).toBeUndefined();
  });

  it("has preview props for every registered template, and each renders with a subject and a heading", async () => {
    const entries = Object.entries(templates);
    for (const [name, template] of entries) {
      const previewProps = template.Component.PreviewProps;
      expect(previewProps, `${name} has PreviewProps`).toBeDefined();
      const rendered = await renderEmail(template as Parameters<typeof renderEmail>[0], previewProps);
      expect(rendered.subject.length, `${name} has a subject`).toBeGreaterThan(0);
      expect(rendered.html, `${name} uses the shared layout`).toMatch(/<html[^>]*\blang="en"[\s\S]*<h1\b/);
      expect(rendered.text.trim().length, `${name} has a text version`).toBeGreaterThan(0);
    }
  });
});
