// Which entries win which prize tier, from the confirmed judging results. Pure: the service reads
// the prize tiers and round_result rows and writes what this returns.
//
// The rule (issue 5): round 1's shortlist (selected, best rank first) fills the tier with the most
// places ("Top 20"); round 2's winners (selected) also get the tier with the fewest places
// ("Top 3", the support cap). Counts and amounts always come from the challenge's prize tiers.

export interface TierForProposal {
  id: number;
  name: string;
  places: number;
  cashPence: number;
  supportCapPence: number;
  /** Tie-break when two tiers have the same number of places: the earlier one is "wider". */
  position: number;
}

export interface RoundResultForProposal {
  entryId: number;
  rank: number;
  selected: boolean;
}

export interface ProposedAward {
  entryId: number;
  tierId: number;
  cashPence: number;
  supportCapPence: number;
  /** The entry's rank in the round that gave it this tier. */
  rank: number;
}

export interface AwardProposal {
  awards: ProposedAward[];
  /** Things staff should know before proposing (fewer shortlisted than places, and so on). */
  notes: string[];
}

function byRank(a: RoundResultForProposal, b: RoundResultForProposal): number {
  return a.rank - b.rank || a.entryId - b.entryId;
}

/** The tier with the most places (the widest) and the tier with the fewest (the winners'). */
export function widestAndNarrowest<T extends TierForProposal>(tiers: readonly T[]): { widest: T; narrowest: T } | null {
  if (!tiers.length) return null;
  const sorted = [...tiers].sort((a, b) => b.places - a.places || a.position - b.position || a.id - b.id);
  return { widest: sorted[0]!, narrowest: sorted[sorted.length - 1]! };
}

export function proposeAwards(input: {
  tiers: readonly TierForProposal[];
  round1: readonly RoundResultForProposal[];
  round2: readonly RoundResultForProposal[];
}): AwardProposal {
  const notes: string[] = [];
  const pair = widestAndNarrowest(input.tiers);
  if (!pair) return { awards: [], notes: ["The challenge has no prize tiers, so there is nothing to award."] };
  const { widest, narrowest } = pair;
  const award = (tier: TierForProposal, result: RoundResultForProposal): ProposedAward => ({
    entryId: result.entryId,
    tierId: tier.id,
    cashPence: tier.cashPence,
    supportCapPence: tier.supportCapPence,
    rank: result.rank,
  });

  const shortlist = input.round1.filter((r) => r.selected).sort(byRank);
  if (shortlist.length < widest.places) {
    notes.push(
      `${shortlist.length} ${shortlist.length === 1 ? "entry was" : "entries were"} shortlisted for the ${widest.places} places in “${widest.name}”, so ${widest.places - shortlist.length} ${widest.places - shortlist.length === 1 ? "place stays" : "places stay"} empty.`,
    );
  } else if (shortlist.length > widest.places) {
    notes.push(
      `${shortlist.length} entries were shortlisted but “${widest.name}” has ${widest.places} places: only the ${widest.places} best ranked are proposed.`,
    );
  }
  const wide = shortlist.slice(0, widest.places).map((r) => award(widest, r));
  const awards = [...wide];
  if (narrowest.id === widest.id) return { awards, notes };

  const winners = input.round2.filter((r) => r.selected).sort(byRank);
  if (winners.length < narrowest.places) {
    notes.push(
      `${winners.length} ${winners.length === 1 ? "winner was" : "winners were"} chosen in round 2 for the ${narrowest.places} places in “${narrowest.name}”.`,
    );
  } else if (winners.length > narrowest.places) {
    notes.push(
      `${winners.length} winners were chosen in round 2 but “${narrowest.name}” has ${narrowest.places} places: only the ${narrowest.places} best ranked are proposed.`,
    );
  }
  const inWide = new Set(wide.map((a) => a.entryId));
  for (const winner of winners.slice(0, narrowest.places)) {
    if (!inWide.has(winner.entryId)) {
      notes.push(
        `A round 2 winner (entry ${winner.entryId}) is not among the ${widest.places} best of round 1, so it gets “${narrowest.name}” only.`,
      );
    }
    awards.push(award(narrowest, winner));
  }
  return { awards, notes };
}

/** Money check for a proposal: what the prize payments will add up to, in pence. */
export function totalCashPence(awards: readonly { cashPence: number }[]): number {
  return awards.reduce((sum, a) => sum + a.cashPence, 0);
}

/** A database id from an address (/staff/awards/12), or null for anything else ("12abc", "0", "1e3"). */
export function idParam(value: string | undefined): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : null;
}
