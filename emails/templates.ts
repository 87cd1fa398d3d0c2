import { defineTemplates, type EmailTemplate } from "./registry";
import InvitationEmail, { invitationSubject } from "./invitation";
import VerifyEmail, { verifyEmailSubject } from "./verify-email";
import ResetPasswordEmail, { resetPasswordSubject } from "./reset-password";
import AccountExistsEmail, { accountExistsSubject } from "./account-exists";
import PasswordChangedEmail, { passwordChangedSubject } from "./password-changed";
import EligibilityDecisionEmail, { eligibilityDecisionSubject } from "./eligibility-decision";
import DraftReminderEmail, { draftReminderSubject } from "./draft-reminder";
import OrganisationInvitationEmail, { organisationInvitationSubject } from "./organisation-invitation";
import EntryReceiptEmail, { entryReceiptSubject } from "./entry-receipt";
import CouncilInterestEmail, { councilInterestSubject } from "./council-interest";
import CouncilPublicationDigestEmail, { councilPublicationDigestSubject } from "./council-publication-digest";
import CouncilWeeklyDigestEmail, { councilWeeklyDigestSubject } from "./council-weekly-digest";
import JudgeWorkAssignedEmail, { judgeWorkAssignedSubject } from "./judge-work-assigned";
import JudgeReminderEmail, { judgeReminderSubject } from "./judge-reminder";
import AwardOfferEmail, { awardOfferSubject } from "./award-offer";
import EntryResultEmail, { entryResultSubject } from "./entry-result";
import MasterclassInvitationEmail, { masterclassInvitationSubject } from "./masterclass-invitation";
import MasterclassReminderEmail, { masterclassReminderSubject } from "./masterclass-reminder";
import SecondFactorResetEmail, { secondFactorResetSubject } from "./second-factor-reset";
import EmailChangeConfirmEmail, { emailChangeConfirmSubject } from "./email-change-confirm";
import EmailChangeRequestedEmail, { emailChangeRequestedSubject } from "./email-change-requested";
import EmailChangedEmail, { emailChangedSubject } from "./email-changed";
import EmailChangeAddressTakenEmail, { emailChangeAddressTakenSubject } from "./email-change-address-taken";
import CouncilConsentWithdrawnEmail, { councilConsentWithdrawnSubject } from "./council-consent-withdrawn";
import GrantAgreementAcceptedEmail, { grantAgreementAcceptedSubject } from "./grant-agreement-accepted";
import SupportRequestDecisionEmail, { supportRequestDecisionSubject } from "./support-request-decision";
import MonitoringReminderEmail, { monitoringReminderSubject } from "./monitoring-reminder";
import MonitoringMoreAskedEmail, { monitoringMoreAskedSubject } from "./monitoring-more-asked";

// The registry of every email the service sends, by name. Each entry is a React Email component
// in this folder (props only, with `PreviewProps` defaults, laid out with components/EmailLayout)
// and a subject built from the same props. Add one line per template, for example
//   "verify-email": { subject: () => "Confirm your email address", Component: VerifyEmail },
// The outbox stores the name and props and renders at delivery, so a queued email survives a
// deploy: rename a template only once no queued email uses the old name.
// `secretProps` names the props holding a single-use link: the outbox keeps them only until the
// email is sent (tests/unit/email-secrets.test.ts fails for a token link not declared here).
export const templates = defineTemplates({
  invitation: { subject: invitationSubject, Component: InvitationEmail, secretProps: ["acceptUrl"] },
  "verify-email": { subject: verifyEmailSubject, Component: VerifyEmail, secretProps: ["verifyUrl"] },
  "reset-password": { subject: resetPasswordSubject, Component: ResetPasswordEmail, secretProps: ["resetUrl"] },
  "account-exists": { subject: accountExistsSubject, Component: AccountExistsEmail },
  "password-changed": { subject: passwordChangedSubject, Component: PasswordChangedEmail },
  "eligibility-decision": { subject: eligibilityDecisionSubject, Component: EligibilityDecisionEmail },
  "draft-reminder": { subject: draftReminderSubject, Component: DraftReminderEmail },
  "organisation-invitation": {
    subject: organisationInvitationSubject,
    Component: OrganisationInvitationEmail,
    secretProps: ["joinUrl"],
  },
  "entry-receipt": { subject: entryReceiptSubject, Component: EntryReceiptEmail },
  "council-interest": { subject: councilInterestSubject, Component: CouncilInterestEmail },
  "council-publication-digest": { subject: councilPublicationDigestSubject, Component: CouncilPublicationDigestEmail },
  "council-weekly-digest": { subject: councilWeeklyDigestSubject, Component: CouncilWeeklyDigestEmail },
  "judge-work-assigned": { subject: judgeWorkAssignedSubject, Component: JudgeWorkAssignedEmail },
  "judge-reminder": { subject: judgeReminderSubject, Component: JudgeReminderEmail },
  "award-offer": { subject: awardOfferSubject, Component: AwardOfferEmail },
  "entry-result": { subject: entryResultSubject, Component: EntryResultEmail },
  "masterclass-invitation": { subject: masterclassInvitationSubject, Component: MasterclassInvitationEmail },
  "masterclass-reminder": { subject: masterclassReminderSubject, Component: MasterclassReminderEmail },
  "monitoring-reminder": { subject: monitoringReminderSubject, Component: MonitoringReminderEmail },
  "monitoring-more-asked": { subject: monitoringMoreAskedSubject, Component: MonitoringMoreAskedEmail },
  "second-factor-reset": { subject: secondFactorResetSubject, Component: SecondFactorResetEmail },
  "email-change-confirm": {
    subject: emailChangeConfirmSubject,
    Component: EmailChangeConfirmEmail,
    secretProps: ["confirmUrl"],
  },
  "email-change-requested": { subject: emailChangeRequestedSubject, Component: EmailChangeRequestedEmail },
  "email-changed": { subject: emailChangedSubject, Component: EmailChangedEmail },
  "email-change-address-taken": { subject: emailChangeAddressTakenSubject, Component: EmailChangeAddressTakenEmail },
  "council-consent-withdrawn": { subject: councilConsentWithdrawnSubject, Component: CouncilConsentWithdrawnEmail },
  "grant-agreement-accepted": { subject: grantAgreementAcceptedSubject, Component: GrantAgreementAcceptedEmail },
  "support-request-decision": { subject: supportRequestDecisionSubject, Component: SupportRequestDecisionEmail },
});

export type Templates = typeof templates;
export type TemplateName = keyof Templates & string;
export type TemplateProps<N extends TemplateName> = Templates[N] extends EmailTemplate<infer P> ? P : never;
