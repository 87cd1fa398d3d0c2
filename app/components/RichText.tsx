import { Fragment, type ReactNode } from "react";
import { parseRichText, type Block, type Inline } from "../domain/rich-text";

// Staff-written page text (app/domain/rich-text.ts) as GOV.UK-styled React elements. Text is only
// ever passed to React as children or as an href that safeHref already allowed, so React's own
// escaping is the whole of the protection: no HTML string is ever built here.

export function RichText({ text, lead = false }: { text: string; lead?: boolean }) {
  const blocks = parseRichText(text);
  return (
    <>
      {blocks.map((block, i) => (
        <RichBlock key={i} block={block} lead={lead && i === 0} />
      ))}
    </>
  );
}

function RichBlock({ block, lead }: { block: Block; lead: boolean }) {
  switch (block.type) {
    case "paragraph":
      return (
        <p className={lead ? "govuk-body-l" : "govuk-body"}>
          {block.lines.map((line, i) => (
            <Fragment key={i}>
              {i > 0 ? <br /> : null}
              <Inlines inlines={line} />
            </Fragment>
          ))}
        </p>
      );
    case "bullets":
      return (
        <ul className="govuk-list govuk-list--bullet">
          {block.items.map((item, i) => (
            <li key={i}>
              <Inlines inlines={item} />
            </li>
          ))}
        </ul>
      );
    case "numbers":
      return (
        <ol className="govuk-list govuk-list--number">
          {block.items.map((item, i) => (
            <li key={i}>
              <Inlines inlines={item} />
            </li>
          ))}
        </ol>
      );
  }
}

function Inlines({ inlines }: { inlines: Inline[] }): ReactNode {
  return inlines.map((inline, i) => {
    switch (inline.type) {
      case "text":
        return <Fragment key={i}>{inline.text}</Fragment>;
      case "strong":
        return (
          <strong key={i}>
            <Inlines inlines={inline.children} />
          </strong>
        );
      case "link":
        return (
          <a key={i} className="govuk-link" href={inline.href}>
            {inline.text}
          </a>
        );
    }
  });
}
