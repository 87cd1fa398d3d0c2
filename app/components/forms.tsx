import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useLayoutEffect, useRef, type MouseEvent, type ReactNode } from "react";
import type { FieldErrors, FormValues } from "../domain/forms";
import { ERROR_TITLE_PREFIX } from "./page-title";

// GOV.UK Design System form patterns as React components. Each field shows its error message
// and keeps what the person typed; the ErrorSummary at the top links to each field.

export function ErrorSummary({ errors, order }: { errors?: FieldErrors | null; order?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = errors ? Object.entries(errors) : [];
  const sorted = order ? [...entries].sort((a, b) => indexOr(order, a[0]) - indexOr(order, b[0])) : entries;
  // Move focus to the summary when it appears after a client-side submission, as GOV.UK
  // Frontend does on a full page load.
  useEffect(() => {
    if (!entries.length) return;
    ref.current?.focus();
    if (!document.title.startsWith(ERROR_TITLE_PREFIX)) document.title = `${ERROR_TITLE_PREFIX}${document.title}`;
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!entries.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {sorted.map(([field, message]) => (
              <li key={field}>{field === "form" ? message : <a href={`#${fieldId(field)}`}>{message}</a>}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function indexOr(order: string[], key: string) {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

export function fieldId(name: string) {
  return name.replace(/[^a-zA-Z0-9_-]/g, "-");
}

export function valueOf(values: FormValues | undefined | null, name: string, fallback = ""): string {
  const value = values?.[name];
  if (value === undefined) return fallback;
  return Array.isArray(value) ? (value[0] ?? fallback) : value;
}

export function valuesOf(values: FormValues | undefined | null, name: string, fallback: string[] = []): string[] {
  const value = values?.[name];
  if (value === undefined) return fallback;
  return Array.isArray(value) ? value : [value];
}

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Use the label as the page heading (one-question pages). */
  isPageHeading?: boolean;
  labelSize?: "s" | "m" | "l" | "xl";
}

function Label({ name, label, isPageHeading, labelSize }: FieldProps) {
  const className = `govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}`;
  const element = (
    <label className={className} htmlFor={fieldId(name)}>
      {label}
    </label>
  );
  return isPageHeading ? <h1 className="govuk-label-wrapper">{element}</h1> : element;
}

function Hint({ name, hint }: { name: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <div id={`${fieldId(name)}-hint`} className="govuk-hint">
      {hint}
    </div>
  );
}

function ErrorMessage({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${fieldId(name)}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

function describedBy(name: string, hint?: ReactNode, error?: string, extra?: string) {
  const ids = [hint ? `${fieldId(name)}-hint` : null, error ? `${fieldId(name)}-error` : null, extra ?? null].filter(
    Boolean,
  );
  return ids.length ? ids.join(" ") : undefined;
}

type InputProps = FieldProps & {
  defaultValue?: string;
  type?: "text" | "email" | "tel" | "url" | "number" | "search";
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "decimal" | "email" | "tel" | "url" | "search";
  spellCheck?: boolean;
  width?:
    "2" | "3" | "4" | "5" | "10" | "20" | "30" | "full" | "three-quarters" | "two-thirds" | "one-half" | "one-third";
  prefix?: string;
  maxLength?: number;
};

export function TextInput(props: InputProps) {
  const { name, hint, error, defaultValue, type = "text", autoComplete, inputMode, spellCheck, width, prefix } = props;
  const widthClass = width ? (/^\d+$/.test(width) ? ` govuk-input--width-${width}` : ` govuk-!-width-${width}`) : "";
  const input = (
    <input
      className={`govuk-input${widthClass}${error ? " govuk-input--error" : ""}`}
      id={fieldId(name)}
      name={name}
      type={type}
      defaultValue={defaultValue}
      autoComplete={autoComplete}
      inputMode={inputMode}
      spellCheck={spellCheck}
      aria-describedby={describedBy(name, hint, error)}
    />
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label {...props} />
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      {prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">
            {prefix}
          </div>
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

export function PasswordInput(props: FieldProps & { autoComplete: "current-password" | "new-password" }) {
  const { name, hint, error, autoComplete } = props;
  return (
    <div
      className={`govuk-form-group govuk-password-input${error ? " govuk-form-group--error" : ""}`}
      data-module="govuk-password-input"
    >
      <Label {...props} />
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      <div className="govuk-input__wrapper govuk-password-input__wrapper">
        <input
          className={`govuk-input govuk-password-input__input govuk-js-password-input-input${error ? " govuk-input--error" : ""}`}
          id={fieldId(name)}
          name={name}
          type="password"
          spellCheck={false}
          autoCapitalize="none"
          autoComplete={autoComplete}
          aria-describedby={describedBy(name, hint, error)}
        />
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-password-input__toggle govuk-js-password-input-toggle"
          data-module="govuk-button"
          aria-controls={fieldId(name)}
          aria-label="Show password"
          hidden
        >
          Show
        </button>
      </div>
    </div>
  );
}

export function Textarea(
  props: FieldProps & { defaultValue?: string; rows?: number; maxWords?: number; spellCheck?: boolean },
) {
  const { name, hint, error, defaultValue, rows = 5, maxWords } = props;
  const textarea = (
    <textarea
      className={`govuk-textarea${maxWords ? " govuk-js-character-count" : ""}${error ? " govuk-textarea--error" : ""}`}
      id={fieldId(name)}
      name={name}
      rows={rows}
      defaultValue={defaultValue}
      spellCheck={props.spellCheck}
      aria-describedby={describedBy(name, hint, error, maxWords ? `${fieldId(name)}-info` : undefined)}
    />
  );
  if (!maxWords) {
    return (
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
        <Label {...props} />
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        {textarea}
      </div>
    );
  }
  return (
    <div className="govuk-character-count" data-module="govuk-character-count" data-maxwords={maxWords}>
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
        <Label {...props} />
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        {textarea}
      </div>
      <div id={`${fieldId(name)}-info`} className="govuk-hint govuk-character-count__message">
        You can enter up to {maxWords} words
      </div>
    </div>
  );
}

interface Option {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
}

type ChoiceProps = {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Option[];
  isPageHeading?: boolean;
  legendSize?: "s" | "m" | "l" | "xl";
  inline?: boolean;
  small?: boolean;
};

function Fieldset({
  name,
  legend,
  hint,
  error,
  isPageHeading,
  legendSize,
  children,
}: Omit<ChoiceProps, "options"> & { children: ReactNode }) {
  const legendClass = `govuk-fieldset__legend${legendSize ? ` govuk-fieldset__legend--${legendSize}` : ""}`;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className={legendClass}>
          {isPageHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

export function Radios(props: ChoiceProps & { defaultValue?: string }) {
  const { name, options, defaultValue, inline, small } = props;
  return (
    <Fieldset {...props}>
      <div
        className={`govuk-radios${inline ? " govuk-radios--inline" : ""}${small ? " govuk-radios--small" : ""}`}
        data-module="govuk-radios"
      >
        {options.map((option, i) => {
          const id = i === 0 ? fieldId(name) : `${fieldId(name)}-${i + 1}`;
          return (
            <div className="govuk-radios__item" key={option.value}>
              <input
                className="govuk-radios__input"
                id={id}
                name={name}
                type="radio"
                value={option.value}
                defaultChecked={defaultValue === option.value}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={id}>
                {option.text}
              </label>
              {option.hint ? (
                <div id={`${id}-hint`} className="govuk-hint govuk-radios__hint">
                  {option.hint}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function Checkboxes(props: ChoiceProps & { defaultValues?: string[] }) {
  const { name, options, defaultValues = [], small } = props;
  return (
    <Fieldset {...props}>
      <div className={`govuk-checkboxes${small ? " govuk-checkboxes--small" : ""}`} data-module="govuk-checkboxes">
        {options.map((option, i) => {
          const id = i === 0 ? fieldId(name) : `${fieldId(name)}-${i + 1}`;
          return (
            <div className="govuk-checkboxes__item" key={option.value}>
              <input
                className="govuk-checkboxes__input"
                id={id}
                name={name}
                type="checkbox"
                value={option.value}
                defaultChecked={defaultValues.includes(option.value)}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                {option.text}
              </label>
              {option.hint ? (
                <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">
                  {option.hint}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function Select(
  props: FieldProps & { options: { value: string; text: string }[]; defaultValue?: string; placeholder?: string },
) {
  const { name, hint, error, options, defaultValue, placeholder } = props;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label {...props} />
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      <select
        className={`govuk-select${error ? " govuk-select--error" : ""}`}
        id={fieldId(name)}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-describedby={describedBy(name, hint, error)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

// A layout effect where there is a document: it runs as the answer is put on the screen, before
// anyone can press again. (React warns about layout effects while rendering on the server.)
const useCommitEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/**
 * A press handler that lets a form be sent once at a time. With JavaScript on, Remix sends the
 * form; from the press until the answer is on the screen (the page it leads to, or the form again
 * with its errors), further presses are ignored, so a double click never sends a form twice. Then
 * the button works again at once: someone who corrects an error straight away is not ignored.
 *
 * This replaces GOV.UK Frontend's `data-prevent-double-click`, which ignores every press for a
 * second after the first whatever has happened since: made for pages that reload, it swallowed
 * quick corrections here. Without JavaScript the browser sends the form as a plain post.
 */
function useSendOnce(): (event: MouseEvent<HTMLButtonElement>) => void {
  const navigation = useNavigation();
  const { key } = useLocation();
  const pressed = useRef(false);
  // A finished navigation (a new location, with Remix idle again) is the answer to the press.
  useCommitEffect(() => {
    if (navigation.state === "idle") pressed.current = false;
  }, [navigation.state, key]);
  return (event) => {
    if (pressed.current || navigation.formData) {
      event.preventDefault();
      return;
    }
    // A form the browser's own checks stop from being sent is nothing to wait for.
    const { form, formNoValidate } = event.currentTarget;
    if (form && !form.noValidate && !formNoValidate && !form.checkValidity()) return;
    pressed.current = true;
  };
}

/** A GOV.UK submit button. It sends its form once at a time unless `preventDoubleClick` is false. */
export function Button({
  children,
  variant,
  name,
  value,
  preventDoubleClick = true,
  className,
}: {
  children: ReactNode;
  variant?: "secondary" | "warning";
  name?: string;
  value?: string;
  preventDoubleClick?: boolean;
  className?: string;
}) {
  const sendOnce = useSendOnce();
  return (
    <button
      type="submit"
      className={["govuk-button", variant && `govuk-button--${variant}`, className].filter(Boolean).join(" ")}
      data-module="govuk-button"
      name={name}
      value={value}
      onClick={preventDoubleClick ? sendOnce : undefined}
    >
      {children}
    </button>
  );
}
