// The demo data's submissions are built exactly as the entries service builds real ones: the
// snapshot shape and the task-list sections come from the app's domain, not a copy of them.
export { buildEntrySnapshot, type EntrySnapshot } from "../../app/domain/entry-snapshot";
export { SECTION_KEYS as ENTRY_SECTIONS, type SectionKey as EntrySection } from "../../app/domain/entry-sections";
