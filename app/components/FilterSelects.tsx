import { Select } from "./forms";

// The "priority area" and "council" filters that list pages (payments, council ideas, council
// take-up) offer in the same words, so a person filtering one list meets the same choices on the next.

export function PriorityAreaFilter({
  areas,
  value,
}: {
  areas: { id: number; name: string }[];
  value: number | null | undefined;
}) {
  return (
    <Select
      name="area"
      label="Priority area"
      placeholder="Any priority area"
      defaultValue={value ? String(value) : ""}
      options={areas.map((a) => ({ value: String(a.id), text: a.name }))}
    />
  );
}

export function CouncilFilter({
  councils,
  value,
}: {
  councils: { code: string; name: string }[];
  value: string | null | undefined;
}) {
  return (
    <Select
      name="council"
      label="Council"
      placeholder="Any council"
      defaultValue={value ?? ""}
      options={councils.map((c) => ({ value: c.code, text: c.name }))}
    />
  );
}
