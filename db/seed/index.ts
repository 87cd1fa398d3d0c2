export {
  clearDemoData,
  hashDemoPassword,
  planDemoData,
  seedDemoData,
  type DemoDataSummary,
  type SeedOptions,
} from "./demo";
export {
  CURRENT_CHALLENGE,
  PREVIOUS_CHALLENGE,
  PRIORITY_AREA_NAMES,
  PRINCIPLES,
  PRIZE_TIERS,
  CRITERIA,
} from "./challenges";
export { buildEntrySnapshot, ENTRY_SECTIONS, type EntrySection, type EntrySnapshot } from "./snapshot";
export { loadReferenceData, REGION_LOCAL_AUTHORITIES } from "../migrations/2026112102_reference_data";
