import { z } from "zod";
import { optionalParagraphs } from "./forms";

// The score form a judge fills in for one entry: a level for each criterion of the rubric, a
// comment on each, and an overall comment. Field names carry the criterion's id
// ("score-12", "comment-12"), so the schema is built from the rubric. Saving for later accepts
// any criteria left unscored; submitting needs every one.

export const MAX_CRITERION_COMMENT = 10_000;
export const MAX_OVERALL_COMMENT = 20_000;

export interface RubricCriterion {
  id: number;
  name: string;
  scaleMin: number;
  scaleMax: number;
}

export type ReviewIntent = "save" | "submit";

export interface ReviewAnswers {
  scores: { criterionId: number; score: number | null; comment: string }[];
  overallComment: string;
}

export const scoreField = (criterionId: number) => `score-${criterionId}`;
export const commentField = (criterionId: number) => `comment-${criterionId}`;

function scoreSchema(criterion: RubricCriterion, required: boolean) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = (value ?? "").trim();
      if (text === "") {
        if (required) ctx.addIssue({ code: "custom", message: `Select a score for ${criterion.name}` });
        return null;
      }
      const score = /^[0-9]{1,2}$/.test(text) ? Number(text) : NaN;
      if (!(score >= criterion.scaleMin && score <= criterion.scaleMax)) {
        ctx.addIssue({ code: "custom", message: `Select a score for ${criterion.name} from the levels shown` });
        return null;
      }
      return score;
    });
}

/** The schema of the score form for a rubric; `submit` makes every score required. */
export function reviewSchema(criteria: readonly RubricCriterion[], intent: ReviewIntent) {
  const shape: Record<string, z.ZodType> = {
    overallComment: optionalParagraphs("your overall comment", MAX_OVERALL_COMMENT),
  };
  for (const criterion of criteria) {
    shape[scoreField(criterion.id)] = scoreSchema(criterion, intent === "submit");
    shape[commentField(criterion.id)] = optionalParagraphs(`your comment on ${criterion.name}`, MAX_CRITERION_COMMENT);
  }
  return z.object(shape).transform((form): ReviewAnswers => ({
    scores: criteria.map((c) => ({
      criterionId: c.id,
      score: form[scoreField(c.id)] as number | null,
      comment: form[commentField(c.id)] as string,
    })),
    overallComment: form.overallComment as string,
  }));
}
