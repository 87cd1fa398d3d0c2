import type { ItemKind } from "../domain/challenge-setup";
import type { FieldErrors, FormValues } from "../domain/forms";
import { Details } from "./content";
import { DateInput } from "./DateInput";
import { Radios, Select, Textarea, TextInput, valueOf } from "./forms";

// Pieces shared by the staff pages that set up a challenge (/staff/challenge/...).

/** What staff may type into page texts, shown next to the boxes that accept it. */
export function FormattingHelp() {
  return (
    <Details summary="Formatting you can use in these boxes">
      <ul className="govuk-list govuk-list--bullet">
        <li>leave a blank line to start a new paragraph</li>
        <li>start lines with &quot;* &quot; for a bulleted list, or &quot;1. &quot; for a numbered list</li>
        <li>put **two asterisks** around words to make them bold</li>
        <li>write [the words to click](https://example.org/page) for a link</li>
      </ul>
      <p className="govuk-body">Anything else, including HTML, is shown exactly as you typed it.</p>
    </Details>
  );
}

/** The fields of one item of a challenge's lists, for adding or changing it. */
export function ItemFields({
  kind,
  values,
  errors,
  councils,
}: {
  kind: ItemKind;
  values: FormValues | null | undefined;
  errors: FieldErrors | null | undefined;
  councils: { code: string; name: string }[];
}) {
  const text = (name: string) => valueOf(values, name);
  switch (kind) {
    case "areas":
      return (
        <>
          <TextInput name="name" label="Name of the priority area" error={errors?.name} defaultValue={text("name")} />
          <Textarea
            name="description"
            label="What it covers"
            hint="Shown on the challenge page under the area's name"
            rows={4}
            error={errors?.description}
            defaultValue={text("description")}
          />
          <Select
            name="sponsorCode"
            label="Sponsor council"
            placeholder="Select a council"
            error={errors?.sponsorCode}
            defaultValue={text("sponsorCode")}
            options={councils.map((c) => ({ value: c.code, text: c.name }))}
          />
        </>
      );
    case "principles":
      return (
        <>
          <TextInput
            name="name"
            label="Name of the principle"
            hint="For example, Greener"
            error={errors?.name}
            defaultValue={text("name")}
          />
          <Textarea
            name="description"
            label="What it means"
            rows={3}
            error={errors?.description}
            defaultValue={text("description")}
          />
        </>
      );
    case "prizes":
      return (
        <>
          <TextInput
            name="name"
            label="Name of the prize tier"
            hint="For example, Top 20"
            error={errors?.name}
            defaultValue={text("name")}
          />
          <TextInput
            name="places"
            label="How many places"
            hint="How many ideas win this prize"
            inputMode="numeric"
            width="4"
            error={errors?.places}
            defaultValue={text("places")}
          />
          <TextInput
            name="cash"
            label="Cash prize for each winner"
            hint="In pounds. Enter 0 if there is no cash prize"
            prefix="£"
            inputMode="decimal"
            width="10"
            error={errors?.cash}
            defaultValue={text("cash")}
          />
          <TextInput
            name="supportCap"
            label="Support, investment and coaching for each winner, up to"
            hint="In pounds. Leave empty or enter 0 if there is none"
            prefix="£"
            inputMode="decimal"
            width="10"
            error={errors?.supportCap}
            defaultValue={text("supportCap")}
          />
          <Radios
            name="masterclass"
            legend="Do winners get a place at the business development masterclass?"
            legendSize="s"
            inline
            error={errors?.masterclass}
            defaultValue={text("masterclass")}
            options={[
              { value: "yes", text: "Yes" },
              { value: "no", text: "No" },
            ]}
          />
          <Textarea
            name="description"
            label="Anything else entrants should know about this prize (optional)"
            rows={3}
            error={errors?.description}
            defaultValue={text("description")}
          />
        </>
      );
    case "faq":
      return (
        <>
          <TextInput name="question" label="Question" error={errors?.question} defaultValue={text("question")} />
          <Textarea name="answer" label="Answer" rows={6} error={errors?.answer} defaultValue={text("answer")} />
        </>
      );
    case "key-dates":
      return (
        <>
          <TextInput
            name="label"
            label="What happens"
            hint="For example, Winners announced"
            error={errors?.label}
            defaultValue={text("label")}
          />
          <DateInput name="date" legend="Date" hint="For example, 20 5 2027" error={errors?.date} values={values} />
        </>
      );
  }
}
