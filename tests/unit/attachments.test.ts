import { describe, expect, it } from "vitest";
import { acceptedType, attachmentDisposition, cleanFileName, formatBytes } from "../../app/domain/attachments";

const pdf = acceptedType("application/pdf")!;
const jpeg = acceptedType("image/jpeg")!;

describe("cleaning a file's name", () => {
  it("keeps a good name as it is", () => {
    expect(cleanFileName("Quote from Acme Ltd.pdf", pdf)).toBe("Quote from Acme Ltd.pdf");
    expect(cleanFileName("photo.JPEG", jpeg)).toBe("photo.jpeg");
  });

  it("gives the file the extension of what it holds, keeping what it was called", () => {
    expect(cleanFileName("invoice.exe", pdf)).toBe("invoice.exe.pdf");
    expect(cleanFileName("invoice", pdf)).toBe("invoice.pdf");
    expect(cleanFileName("picture.png", jpeg)).toBe("picture.png.jpg");
  });

  it("drops folders, control and direction characters, and characters Windows refuses", () => {
    expect(cleanFileName("C:\\Users\\ada\\..\\plan.pdf", pdf)).toBe("plan.pdf");
    expect(cleanFileName("../../etc/passwd", pdf)).toBe("passwd.pdf");
    expect(cleanFileName("budget\u202Efdp.exe", pdf)).toBe("budgetfdp.exe.pdf");
    expect(cleanFileName('a<b>c:"d|e?f*.pdf', pdf)).toBe("a-b-c--d-e-f-.pdf");
    expect(cleanFileName("line\nbreak\t.pdf", pdf)).toBe("linebreak.pdf");
  });

  it("never leaves a name that is empty, hidden or too long", () => {
    expect(cleanFileName("", pdf)).toBe("file.pdf");
    expect(cleanFileName(".pdf", pdf)).toBe("pdf.pdf");
    expect(cleanFileName("....", pdf)).toBe("file.pdf");
    const long = cleanFileName(`${"é".repeat(300)}.pdf`, pdf);
    expect([...long]).toHaveLength(150);
    expect(long.endsWith(".pdf")).toBe(true);
  });
});

describe("sizes and downloads", () => {
  it("writes sizes as a file picker does", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(2.4 * 1024 * 1024)).toBe("2.4 MB");
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MB");
  });

  it("always asks the browser to save the file, with a name that survives the header", () => {
    expect(attachmentDisposition("Plan £500 “final”.pdf")).toBe(
      `attachment; filename="Plan _500 _final_.pdf"; filename*=UTF-8''Plan%20%C2%A3500%20%E2%80%9Cfinal%E2%80%9D.pdf`,
    );
  });
});
