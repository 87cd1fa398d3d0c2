import { formatBytes } from "../domain/attachments";
import { useEffect, useState, type ReactNode } from "react";
import type { PersonalData } from "../services/records/personal-data.server";
import { summariseEntry, type EntrySnapshot } from "../domain/entry-snapshot";
import { formatCalendarDate } from "../domain/milestones";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { SummaryCard, SummaryList } from "./content";
import { SectionAnswers } from "./EntryAnswers";
import { Table } from "./Table";

// One person's data as a page they can read and print (the right of access, decision 052): on
// /account/your-data for themselves, and /staff/data-requests/:id/data for someone who asked the
// programme staff. Every section is shown, saying so when it is empty, so the person can see what
// the service could hold about them as well as what it does. Printed with the board report's
// print styles (app-report): no header, navigation or controls.

const when = (instant: string | null, otherwise = "Not yet") =>
  instant ? formatDateTime(new Date(instant)) : otherwise;
const yesNo = (value: boolean) => (value ? "Yes" : "No");

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="app-report-section" aria-labelledby={id}>
      <h2 className="govuk-heading-l" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Nothing({ children }: { children: ReactNode }) {
  return <p className="govuk-body">{children}</p>;
}

/**
 * "Print this page": a link that opens the browser's print dialogue once the page's script has
 * loaded; until then (and with JavaScript off) a sentence saying how to print.
 */
export function PrintLink() {
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  if (!scripted)
    return <p className="govuk-body app-no-print">To print this page, use your browser&apos;s print option.</p>;
  return (
    <p className="govuk-body app-no-print">
      <a
        className="govuk-link"
        href="#print"
        onClick={(event) => {
          event.preventDefault();
          window.print();
        }}
      >
        Print this page
      </a>
    </p>
  );
}

export function PersonalDataView({ data, you = true }: { data: PersonalData; you?: boolean }) {
  const { account } = data;
  const your = you ? "your" : "their";
  const tsf = account.twoStepVerification;
  return (
    <>
      <Section id="account" title="Account">
        <SummaryList
          rows={[
            { key: "Name", value: account.name },
            { key: "Email address", value: account.email },
            { key: "Account created", value: when(account.createdAt) },
            { key: "Email address confirmed", value: when(account.emailConfirmedAt, "No") },
            { key: "Password", value: account.hasPassword ? "Set (it is stored only as a one-way hash)" : "Not set" },
            { key: "Password last changed", value: when(account.passwordChangedAt, "Not recorded") },
            {
              key: "Roles",
              value: account.roles.length ? (
                <ul className="govuk-list">
                  {account.roles.map((r) => (
                    <li key={r.role}>
                      {r.role}, given at {when(r.givenAt)}
                    </li>
                  ))}
                </ul>
              ) : (
                "None"
              ),
            },
            {
              key: "Authenticator app",
              value: tsf.authenticatorApp
                ? `Added at ${when(tsf.authenticatorApp.addedAt)}${tsf.authenticatorApp.confirmedAt ? "" : " (set-up not finished)"}`
                : "None",
            },
            {
              key: "Passkeys",
              value: tsf.passkeys.length ? (
                <ul className="govuk-list">
                  {tsf.passkeys.map((p, i) => (
                    <li key={i}>
                      {p.name}, added at {when(p.addedAt)}, last used {when(p.lastUsedAt, "never")}
                    </li>
                  ))}
                </ul>
              ) : (
                "None"
              ),
            },
            {
              key: "Recovery codes",
              value: tsf.recoveryCodes.total
                ? `${tsf.recoveryCodes.total} issued, ${tsf.recoveryCodes.used} used (the codes are stored only as one-way hashes)`
                : "None",
            },
          ]}
        />
        <Table
          caption="Where you are signed in"
          captionSize="m"
          rows={account.sessions}
          rowKey={(_, i) => i}
          empty="Not signed in anywhere."
          columns={[
            { header: "Device", rowHeader: true, cell: (s) => s.device },
            { header: "Place (approximate)", cell: (s) => s.place },
            { header: "Signed in", cell: (s) => when(s.signedInAt) },
            { header: "Last used", cell: (s) => when(s.lastUsedAt) },
            { header: "Ends by", cell: (s) => when(s.endsBy) },
          ]}
        />
        <Table
          caption="Links we emailed"
          captionSize="m"
          rows={account.emailLinks}
          rowKey={(_, i) => i}
          empty="None kept."
          columns={[
            { header: "For", rowHeader: true, cell: (l) => (l.newEmail ? `${l.purpose} to ${l.newEmail}` : l.purpose) },
            { header: "Sent", cell: (l) => when(l.sentAt) },
            { header: "Expires", cell: (l) => when(l.expiresAt) },
            { header: "Used", cell: (l) => when(l.usedAt, "No") },
          ]}
        />
        <Table
          caption="Invitations to a role"
          captionSize="m"
          rows={account.roleInvitations}
          rowKey={(_, i) => i}
          empty="None."
          columns={[
            { header: "Role", rowHeader: true, cell: (r) => r.role },
            { header: "Sent", cell: (r) => when(r.sentAt) },
            { header: "Accepted", cell: (r) => when(r.acceptedAt, "No") },
            { header: "Withdrawn", cell: (r) => when(r.withdrawnAt, "No") },
          ]}
        />
      </Section>

      <Section id="organisations" title="Organisations">
        {data.organisations.length ? (
          data.organisations.map((o, i) => (
            <SummaryCard key={i} title={o.name}>
              <SummaryList
                rows={[
                  { key: "Type", value: o.type },
                  { key: "Council area", value: o.council },
                  { key: "Postcode", value: o.postcode },
                  { key: "Website", value: o.website ?? "None given" },
                  { key: "Registration number", value: o.registrationNumber ?? "None given" },
                  { key: "Contact name", value: o.contactName },
                  { key: "Contact email", value: o.contactEmail },
                  { key: "Contact phone", value: o.contactPhone ?? "None given" },
                  { key: "Member since", value: when(o.memberSince, "Not a member (named as its contact)") },
                ]}
              />
            </SummaryCard>
          ))
        ) : (
          <Nothing>{you ? "You do not" : "They do not"} belong to an organisation.</Nothing>
        )}
        {data.organisationInvitations.length ? (
          <Table
            caption="Invitations to join an organisation"
            captionSize="m"
            rows={data.organisationInvitations}
            rowKey={(_, i) => i}
            columns={[
              { header: "Organisation", rowHeader: true, cell: (r) => r.organisation },
              { header: "Sent", cell: (r) => when(r.sentAt) },
              { header: "Accepted", cell: (r) => when(r.acceptedAt, "No") },
              { header: "Withdrawn", cell: (r) => when(r.withdrawnAt, "No") },
            ]}
          />
        ) : null}
      </Section>

      <Section id="entries" title="Entries">
        <p className="govuk-body">
          Entries belong to the organisation that made them. These are the entries {you ? "you" : "they"} started or
          that {your} organisations made, with every version submitted.
        </p>
        {data.entries.length ? (
          data.entries.map((e) => (
            <div key={e.reference} className="govuk-!-margin-bottom-8">
              <h3 className="govuk-heading-m">
                {e.answers.title || "Untitled entry"} ({e.reference})
              </h3>
              <SummaryList
                rows={[
                  { key: "Challenge", value: e.challenge },
                  { key: "Organisation", value: e.organisation },
                  { key: "Status", value: e.status },
                  { key: `Started by ${you ? "you" : "them"}`, value: yesNo(e.startedByYou) },
                  { key: "Started", value: when(e.startedAt) },
                  { key: "Last changed", value: when(e.lastChangedAt) },
                  { key: "Submitted", value: when(e.submittedAt, "Not submitted") },
                  e.withdrawnAt ? { key: "Withdrawn", value: when(e.withdrawnAt) } : null,
                  e.reasonNotEligible ? { key: "Reason not eligible", value: e.reasonNotEligible } : null,
                  { key: "Consent to share with councils", value: yesNo(e.consentToShareWithCouncils) },
                  { key: "Consent to be contacted", value: yesNo(e.consentToBeContacted) },
                ]}
              />
              {e.submittedVersions.length ? (
                e.submittedVersions.map((v) => (
                  <div key={v.version}>
                    <h4 className="govuk-heading-s">
                      Version {v.version}, submitted at {when(v.submittedAt)}
                      {v.submittedByYou ? ` by ${you ? "you" : "them"}` : ""}
                    </h4>
                    {summariseEntry(v.snapshot as unknown as EntrySnapshot).map((section) => (
                      <SectionAnswers key={section.key} section={section} />
                    ))}
                  </div>
                ))
              ) : (
                <>
                  <h4 className="govuk-heading-s">Answers so far (not submitted)</h4>
                  <SummaryList
                    rows={[
                      { key: "Title", value: e.answers.title || "Not answered" },
                      { key: "Summary", value: e.answers.summary || "Not answered" },
                      { key: "The need", value: e.answers.need || "Not answered" },
                      { key: "Who benefits", value: e.answers.beneficiaries || "Not answered" },
                      { key: "Delivery", value: e.answers.delivery || "Not answered" },
                      { key: "Costs", value: e.answers.costs || "Not answered" },
                      { key: "Use of the prize", value: e.answers.prizeUse || "Not answered" },
                    ]}
                  />
                </>
              )}
            </div>
          ))
        ) : (
          <Nothing>None.</Nothing>
        )}
      </Section>

      <Section id="messages" title="Emails sent">
        <Table
          caption={`Emails to ${your} address`}
          captionSize="m"
          hideCaption
          rows={data.messages}
          rowKey={(_, i) => i}
          empty="None."
          columns={[
            { header: "Subject", rowHeader: true, cell: (m) => m.subject },
            { header: "Status", cell: (m) => m.status },
            { header: "Written", cell: (m) => when(m.queuedAt) },
            { header: "Sent", cell: (m) => when(m.sentAt, "Not sent") },
          ]}
        />
        <p className="govuk-body">The download as JSON also has what each email was built from.</p>
      </Section>

      <Section id="judging" title="Judging">
        {data.judging.affiliations.length +
          data.judging.conflictsDeclared.length +
          data.judging.declarationsCompleted.length +
          data.judging.rounds.length +
          data.judging.assignments.length +
          data.judging.staffConflicts.length ===
        0 ? (
          <Nothing>None.</Nothing>
        ) : (
          <>
            <Table
              caption="Affiliations"
              captionSize="m"
              rows={data.judging.affiliations}
              rowKey={(_, i) => i}
              empty="None."
              columns={[
                { header: "With", rowHeader: true, cell: (a) => `${a.with} (${a.kind.toLowerCase()})` },
                { header: "Role", cell: (a) => a.role || "Not given" },
                { header: "Added", cell: (a) => when(a.addedAt) },
              ]}
            />
            <Table
              caption="Conflicts of interest"
              captionSize="m"
              rows={[
                ...data.judging.conflictsDeclared.map((c) => ({
                  about: `${c.organisation} (${c.challenge})`,
                  reason: c.reason,
                  at: c.at,
                })),
                ...data.judging.staffConflicts.map((c) => ({ about: c.entry, reason: c.reason, at: c.declaredAt })),
              ]}
              rowKey={(_, i) => i}
              empty="None."
              columns={[
                { header: "With", rowHeader: true, cell: (c) => c.about },
                { header: "Reason", cell: (c) => c.reason },
                { header: "Recorded", cell: (c) => when(c.at) },
              ]}
            />
            <Table
              caption="Entries assigned to judge"
              captionSize="m"
              rows={data.judging.assignments}
              rowKey={(_, i) => i}
              empty="None."
              columns={[
                { header: "Entry", rowHeader: true, cell: (a) => `${a.entryTitle} (${a.entry})` },
                { header: "Round", cell: (a) => `${a.challenge}, round ${a.round}` },
                { header: "Assigned", cell: (a) => when(a.assignedAt) },
                {
                  header: "Review",
                  cell: (a) =>
                    a.review ? (
                      <>
                        {a.review.status}
                        {a.review.scores.length ? (
                          <ul className="govuk-list">
                            {a.review.scores.map((s) => (
                              <li key={s.criterion}>
                                {s.criterion}: {s.score ?? "no score"}
                                {s.comment ? `. ${s.comment}` : ""}
                              </li>
                            ))}
                          </ul>
                        ) : null}
                        {a.review.overallComment ? <p className="govuk-body">{a.review.overallComment}</p> : null}
                      </>
                    ) : a.endedAt ? (
                      `Ended${a.endedBecause ? `: ${a.endedBecause}` : ""}`
                    ) : (
                      "Not started"
                    ),
                },
              ]}
            />
          </>
        )}
      </Section>

      <Section id="councils" title="Council interest">
        <Table
          caption="Interest recorded in ideas"
          captionSize="m"
          hideCaption
          rows={data.councils.interestRecorded}
          rowKey={(_, i) => i}
          empty="None."
          columns={[
            { header: "Idea", rowHeader: true, cell: (r) => `${r.entryTitle} (${r.entry})` },
            { header: "Council", cell: (r) => r.council },
            { header: "Status", cell: (r) => r.status },
            { header: "Initiative", cell: (r) => r.initiativeName ?? "None" },
            { header: "Note", cell: (r) => r.note || "None" },
            { header: "Last updated", cell: (r) => when(r.updatedAt) },
          ]}
        />
        {data.councils.digestsSent.length ? (
          <p className="govuk-body">
            Summaries of shared ideas emailed: {data.councils.digestsSent.length} (listed in the JSON download).
          </p>
        ) : null}
      </Section>

      <Section id="awards" title="Awards and payments">
        {data.awards.length ? (
          data.awards.map((a, i) => (
            <SummaryCard key={i} title={`${a.prize}: ${a.entry}`}>
              <SummaryList
                rows={[
                  { key: "Challenge", value: a.challenge },
                  { key: "Cash prize", value: formatPence(a.cashPence) },
                  a.supportCapPence ? { key: "Support up to", value: formatPence(a.supportCapPence) } : null,
                  a.payment
                    ? { key: "Payment", value: `${a.payment.status}, ${formatPence(a.payment.amountPence)}` }
                    : null,
                  a.payment ? { key: "Accepted", value: when(a.payment.acceptedAt, "No") } : null,
                  a.payment ? { key: "Paid", value: when(a.payment.paidAt, "No") } : null,
                  a.payment?.supplierReference
                    ? { key: "Supplier reference", value: a.payment.supplierReference }
                    : null,
                  a.agreements.length
                    ? {
                        key: "Grant agreement",
                        value: a.agreements
                          .map(
                            (g) =>
                              `Version ${g.version}: ${
                                g.acceptedAt
                                  ? `accepted by ${g.signatoryName} (${g.signatoryRole})${g.acceptedByYou ? ", signed in as you" : ""}, ${when(g.acceptedAt, "")}`
                                  : "not accepted"
                              }`,
                          )
                          .join("; "),
                      }
                    : null,
                  a.masterclasses.length
                    ? {
                        key: "Masterclasses",
                        value: a.masterclasses.map((m) => `${m.title}: ${m.place}`).join("; "),
                      }
                    : null,
                  a.support.length
                    ? {
                        key: "Support received",
                        value: a.support
                          .map((s) => `${s.kind} on ${formatCalendarDate(s.on)}, ${formatPence(s.amountPence)}`)
                          .join("; "),
                      }
                    : null,
                  a.milestones.length
                    ? { key: "Milestones", value: a.milestones.map((m) => `${m.title}: ${m.status}`).join("; ") }
                    : null,
                  a.progressUpdates.length
                    ? { key: "Progress updates", value: String(a.progressUpdates.length) }
                    : null,
                ]}
              />
            </SummaryCard>
          ))
        ) : (
          <Nothing>None. Awards appear here once a challenge&apos;s results are published.</Nothing>
        )}
        <p className="govuk-body">The service never stores bank account details.</p>
      </Section>

      <Section id="requests" title="Requests about this data">
        <Table
          caption="Requests made to the programme staff"
          captionSize="m"
          hideCaption
          rows={data.dataRequests}
          rowKey={(_, i) => i}
          empty="None."
          columns={[
            { header: "Request", rowHeader: true, cell: (r) => r.kind },
            { header: "Received", cell: (r) => formatCalendarDate(r.receivedOn) },
            { header: "Due", cell: (r) => formatCalendarDate(r.dueOn) },
            { header: "Status", cell: (r) => r.status },
          ]}
        />
      </Section>

      <Section id="files" title="Files uploaded">
        <p className="govuk-body">
          Files {you ? "you" : "they"} attached to an entry, a check or a report. Each stays with the record it belongs
          to; {you ? "you" : "they"} can download it from its link while {you ? "you" : "they"} can see that record.
        </p>
        <Table
          caption="Files uploaded"
          captionSize="m"
          hideCaption
          rows={data.filesUploaded}
          rowKey={(_, i) => i}
          empty="None."
          columns={[
            {
              header: "File",
              rowHeader: true,
              cell: (f) => (
                <a className="govuk-link" href={f.link} download>
                  {f.fileName}
                </a>
              ),
            },
            { header: "Type and size", cell: (f) => `${f.type}, ${formatBytes(f.sizeBytes)}` },
            { header: "Belongs to", cell: (f) => f.belongsTo },
            { header: "Uploaded", cell: (f) => when(f.uploadedAt, "Not recorded") },
            { header: "Taken off", cell: (f) => when(f.takenOffAt, "No") },
          ]}
        />
      </Section>

      <Section id="work" title="Work recorded">
        <p className="govuk-body">
          Changes the service records as made by {you ? "you" : "them"}, other than in the audit log.
        </p>
        <Table
          caption="Work recorded"
          captionSize="m"
          hideCaption
          rows={data.recordedActions}
          rowKey={(_, i) => i}
          empty="None."
          columns={[
            { header: "What", rowHeader: true, cell: (r) => r.what },
            { header: "When", cell: (r) => when(r.at, "Not recorded") },
          ]}
        />
      </Section>

      <Section id="audit" title="Audit log">
        <p className="govuk-body">
          Events in the service&apos;s audit log done by {you ? "you" : "them"} or about {you ? "you" : "them"}. The
          audit log cannot be changed.
        </p>
        <Table
          caption="Audit log events"
          captionSize="m"
          hideCaption
          rows={data.auditEvents}
          rowKey={(_, i) => i}
          empty="None."
          columns={[
            { header: "When", rowHeader: true, cell: (e) => when(e.at) },
            { header: "What", cell: (e) => e.what },
            {
              header: "By",
              cell: (e) => (e.byYou ? (you ? "You" : "Them") : "Someone else or the service"),
            },
            { header: "From", cell: (e) => e.fromAddress ?? "" },
          ]}
        />
      </Section>
    </>
  );
}
