import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRole } from "../auth/guards.server";
import { idParam } from "../domain/awards";
import { notFound } from "../services/app-error.server";
import { pdfResponse } from "../services/awards/agreement-pdf.server";
import { staffAgreementPdf } from "../services/awards/grant-agreements.server";

// GET /staff/awards/:challengeId/agreements/:awardId/:version.pdf: staff's copy of a version of an
// award's grant agreement. A resource route: a miss is a plain 404 (the AppError wrapper).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const awardId = idParam(args.params.awardId);
  const version = idParam(args.params.version);
  if (!challengeId || !awardId || !version) throw notFound();
  return pdfResponse(await staffAgreementPdf(actorFrom(user, args), challengeId, awardId, version));
}
