import type { FieldErrors, FormValues } from "../domain/forms";
import { DateInput } from "./DateInput";
import { TextInput, valueOf } from "./forms";

/**
 * A date and a time in Europe/London: the GOV.UK date input and a time box, named <prefix>Day,
 * <prefix>Month, <prefix>Year and <prefix>Time (see app/domain/challenge-setup.ts).
 */
export function DateTimeFields({
  prefix,
  label,
  values,
  errors,
}: {
  prefix: string;
  label: string;
  values: FormValues | null | undefined;
  errors: FieldErrors | null | undefined;
}) {
  return (
    <div className="govuk-!-margin-bottom-6">
      <DateInput
        name={prefix}
        legend={`${label} date`}
        hint="For example, 21 3 2027"
        error={errors?.[prefix]}
        values={values}
      />
      <TextInput
        name={`${prefix}Time`}
        label={`${label} time`}
        hint="UK time. For example, 9am, 5:30pm or 23:59"
        width="5"
        error={errors?.[`${prefix}Time`]}
        defaultValue={valueOf(values, `${prefix}Time`)}
      />
    </div>
  );
}
