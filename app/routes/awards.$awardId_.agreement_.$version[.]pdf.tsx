import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireUser } from "../auth/guards.server";
import { idParam } from "../domain/awards";
import { notFound } from "../services/app-error.server";
import { winnerAgreementPdf } from "../services/awards/grant-agreements.server";
import { pdfResponse } from "../services/awards/agreement-pdf.server";

// GET /awards/:awardId/agreement/:version.pdf: the winning organisation's copy of a version of
// its grant agreement. A resource route: a miss is a plain 404 (the AppError wrapper).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const awardId = idParam(args.params.awardId);
  const version = idParam(args.params.version);
  if (!awardId || !version) throw notFound();
  return pdfResponse(await winnerAgreementPdf(actorFrom(user, args), awardId, version));
}
