import { Link } from "@remix-run/react";
import type { ChallengePageModel } from "../domain/challenge-page";
import { Details, SummaryList } from "./content";
import { RichText } from "./RichText";
import { Tag } from "./StatusTag";
import { Table } from "./Table";

// The public challenge page. The same component renders / and the staff preview of any
// challenge, so what staff check before opening is exactly what entrants will read.

export const QR_CODE_PATH = "/challenge/qr.svg";
export const QR_CODE_PNG_PATH = "/challenge/qr.png";

const SECTIONS = [
  { id: "what", title: "What the challenge is for" },
  { id: "who-can-enter", title: "Who can enter" },
  { id: "prizes", title: "Prizes" },
  { id: "priority-areas", title: "Priority areas" },
  { id: "principles", title: "Cross-cutting principles" },
  { id: "judging", title: "How entries are judged" },
  { id: "key-dates", title: "Key dates" },
  { id: "questions", title: "Questions and answers" },
  { id: "share", title: "Help us spread the word" },
] as const;

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

function countWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

export function ChallengePage({
  page,
  start,
}: {
  page: ChallengePageModel;
  /** Where the start button goes: registering, or the entrant's entries when signed in. */
  start: { href: string; text: string };
}) {
  const shown = SECTIONS.filter((s) => {
    if (s.id === "what") return page.description.trim() !== "";
    if (s.id === "who-can-enter") return page.whoCanEnter.trim() !== "";
    if (s.id === "prizes") return page.prizes.length > 0;
    if (s.id === "priority-areas") return page.priorityAreas.length > 0;
    if (s.id === "principles") return page.principles.length > 0;
    if (s.id === "judging") return page.criteria.length > 0 || page.howJudgingWorks.trim() !== "";
    if (s.id === "questions") return page.faqs.length > 0;
    return true;
  });
  const has = (id: (typeof SECTIONS)[number]["id"]) => shown.some((s) => s.id === id);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">{page.title}</h1>
        <p className="govuk-body-l">{page.summary}</p>

        {page.state === "open" ? (
          <>
            <p className="govuk-body">
              <Tag colour="govuk-tag--yellow">{page.closingPhrase}</Tag>
            </p>
            <p className="govuk-body">
              Entries close at <strong>{page.closesAtText}</strong>.
            </p>
          </>
        ) : page.state === "upcoming" ? (
          <p className="govuk-body">
            Entries open at <strong>{page.opensAtText}</strong> and close at <strong>{page.closesAtText}</strong>. You
            can register now so that you are ready.
          </p>
        ) : (
          <p className="govuk-body">
            Entries closed at <strong>{page.closesAtText}</strong>.
          </p>
        )}

        {page.state !== "closed" ? (
          <>
            <Link
              to={start.href}
              role="button"
              draggable={false}
              className="govuk-button govuk-button--start"
              data-module="govuk-button"
            >
              {start.text}
              <svg
                className="govuk-button__start-icon"
                xmlns="http://www.w3.org/2000/svg"
                width="17.5"
                height="19"
                viewBox="0 0 33 40"
                aria-hidden="true"
                focusable="false"
              >
                <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
              </svg>
            </Link>
            <p className="govuk-body">
              <Link className="govuk-link" to="/eligibility">
                Check if your organisation can enter
              </Link>{" "}
              before you register.
            </p>
          </>
        ) : null}

        <nav className="govuk-!-margin-bottom-8" aria-labelledby="contents-heading">
          <h2 className="govuk-heading-s govuk-!-margin-bottom-2" id="contents-heading">
            Contents
          </h2>
          <ul className="govuk-list">
            {shown.map((s) => (
              <li key={s.id}>
                <a className="govuk-link" href={`#${s.id}`}>
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>

        {has("what") ? (
          <section aria-labelledby="what">
            <h2 className="govuk-heading-l" id="what">
              What the challenge is for
            </h2>
            <RichText text={page.description} />
          </section>
        ) : null}

        {has("who-can-enter") ? (
          <section aria-labelledby="who-can-enter">
            <h2 className="govuk-heading-l" id="who-can-enter">
              Who can enter
            </h2>
            <RichText text={page.whoCanEnter} />
            <p className="govuk-body">
              <Link className="govuk-link" to="/eligibility">
                Check if your organisation can enter
              </Link>
            </p>
          </section>
        ) : null}

        {has("prizes") ? (
          <section aria-labelledby="prizes">
            <h2 className="govuk-heading-l" id="prizes">
              Prizes
            </h2>
            {page.prizes.map((prize) => (
              <div key={prize.id}>
                <h3 className="govuk-heading-m">{prize.name}</h3>
                {prize.sentence ? <p className="govuk-body">{prize.sentence}</p> : null}
                <RichText text={prize.description} />
              </div>
            ))}
          </section>
        ) : null}

        {has("priority-areas") ? (
          <section aria-labelledby="priority-areas">
            <h2 className="govuk-heading-l" id="priority-areas">
              Priority areas
            </h2>
            <p className="govuk-body">
              Your idea should help with one of these {countWord(page.priorityAreas.length)}{" "}
              {page.priorityAreas.length === 1 ? "priority area" : "priority areas"}. Each is sponsored by one of the
              region’s councils.
            </p>
            {page.priorityAreas.map((area) => (
              <div key={area.id}>
                <h3 className="govuk-heading-m govuk-!-margin-bottom-1">{area.name}</h3>
                <p className="govuk-body govuk-!-font-weight-bold">Sponsor council: {area.sponsor}</p>
                <RichText text={area.description} />
              </div>
            ))}
          </section>
        ) : null}

        {has("principles") ? (
          <section aria-labelledby="principles">
            <h2 className="govuk-heading-l" id="principles">
              Cross-cutting principles
            </h2>
            <p className="govuk-body">Whatever its priority area, tell us how your idea is:</p>
            <ul className="govuk-list govuk-list--bullet">
              {page.principles.map((principle) => (
                <li key={principle.id}>
                  <strong>{principle.name}</strong>
                  {principle.description ? `: ${principle.description}` : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {has("judging") ? (
          <section aria-labelledby="judging">
            <h2 className="govuk-heading-l" id="judging">
              How entries are judged
            </h2>
            <RichText text={page.howJudgingWorks} />
            {page.criteria.length ? (
              <>
                <p className="govuk-body">
                  We publish the criteria and their weights so that everyone knows how entries are judged.
                  {page.scaleText ? ` ${page.scaleText}` : ""}
                </p>
                <Table
                  caption="Judging criteria and weights"
                  rows={page.criteria}
                  rowKey={(criterion) => criterion.id}
                  columns={[
                    { header: "Criterion", rowHeader: true, cell: (criterion) => criterion.name },
                    { header: "What judges look for", cell: (criterion) => criterion.guidance },
                    { header: "Weight", numeric: true, cell: (criterion) => criterion.weightText },
                  ]}
                />
              </>
            ) : null}
          </section>
        ) : null}

        <section aria-labelledby="key-dates">
          <h2 className="govuk-heading-l" id="key-dates">
            Key dates
          </h2>
          <SummaryList rows={page.keyDates.map((date) => ({ key: date.label, value: date.when }))} />
        </section>

        {has("questions") ? (
          <section aria-labelledby="questions">
            <h2 className="govuk-heading-l" id="questions">
              Questions and answers
            </h2>
            {page.faqs.map((faq) => (
              <Details summary={faq.question} key={faq.id}>
                <RichText text={faq.answer} />
              </Details>
            ))}
          </section>
        ) : null}

        <section aria-labelledby="share">
          <h2 className="govuk-heading-l" id="share">
            Help us spread the word
          </h2>
          <p className="govuk-body">
            If you work with community groups or small businesses, please tell them about the challenge. Copy the link
            or the text below, or print the QR code on a poster or leaflet.
          </p>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="share-link">
              Link to this page
            </label>
            <input
              className="govuk-input"
              id="share-link"
              type="text"
              readOnly
              value={page.share.url}
              spellCheck={false}
            />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="share-text">
              Text to paste into an email, newsletter or social media post
            </label>
            <textarea className="govuk-textarea" id="share-text" rows={5} readOnly value={page.share.text} />
          </div>
          <h3 className="govuk-heading-s">QR code</h3>
          <p className="govuk-body">Scanning it with a phone camera opens this page.</p>
          <img src={QR_CODE_PATH} alt={`QR code that opens ${page.share.url}`} width={200} height={200} />
          <p className="govuk-body">
            <a className="govuk-link" href={QR_CODE_PNG_PATH} download="challenge-qr-code.png">
              Download the QR code as an image (PNG)
            </a>
          </p>
        </section>
      </div>
    </div>
  );
}
