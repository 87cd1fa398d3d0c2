import type { ReactNode } from "react";
import { valueOf } from "./forms";
import type { FormValues } from "../domain/forms";

// The GOV.UK date input pattern: day, month and year in three boxes inside one fieldset. The
// boxes are named <name>Day, <name>Month and <name>Year; an error on the date is reported under
// <name>, and the day box carries that id so the error summary's link lands in it.

export function DateInput({
  name,
  legend,
  hint,
  error,
  values,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  values?: FormValues | null;
}) {
  const describedBy =
    [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const boxes = [
    { part: "Day", label: "Day", width: 2, id: name },
    { part: "Month", label: "Month", width: 2, id: `${name}-month` },
    { part: "Year", label: "Year", width: 4, id: `${name}-year` },
  ];
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="govuk-date-input">
          {boxes.map((box) => (
            <div className="govuk-date-input__item" key={box.part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={box.id}>
                  {box.label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${box.width}${error ? " govuk-input--error" : ""}`}
                  id={box.id}
                  name={`${name}${box.part}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={valueOf(values, `${name}${box.part}`)}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
