import { describe, expect, it } from "vitest";
import { extractLinks } from "../../app/domain/email-links";

describe("extractLinks", () => {
  it("returns each web link once, in the order the email shows them, with entities decoded", () => {
    const html = `
      <p>Hello</p>
      <a href="https://challenge.example/verify?token=abc&amp;next=%2Fentries" target="_blank">Verify</a>
      <p>Or copy: <a style="color:#1d70b8" href="https://challenge.example/verify?token=abc&amp;next=%2Fentries">link</a></p>
      <a href='http://localhost:3000/'>Home</a>`;
    expect(extractLinks(html)).toEqual([
      "https://challenge.example/verify?token=abc&next=%2Fentries",
      "http://localhost:3000/",
    ]);
  });

  it("leaves out mail, telephone, relative and fragment links", () => {
    const html = `<a href="mailto:help@example.org">Email</a><a href="tel:+44">Call</a><a href="/x">X</a><a href="#top">Top</a>`;
    expect(extractLinks(html)).toEqual([]);
  });

  it("reads only anchors, not other elements with an href", () => {
    const html = `<link href="https://fonts.example/css"><abbr href="https://no.example">x</abbr><a class="b" href="https://yes.example/a">y</a>`;
    expect(extractLinks(html)).toEqual(["https://yes.example/a"]);
  });

  it("decodes numeric entities in addresses", () => {
    expect(extractLinks(`<a href="https://x.example/?q=a&#x27;b&#38;c">q</a>`)).toEqual(["https://x.example/?q=a'b&c"]);
  });
});
