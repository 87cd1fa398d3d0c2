import { Link } from "@remix-run/react";

/** The GOV.UK breadcrumbs pattern: the pages above this one, nearest last. */
export function Breadcrumbs({ items }: { items: { href: string; text: string }[] }) {
  return (
    <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol className="govuk-breadcrumbs__list">
        {items.map((item) => (
          <li className="govuk-breadcrumbs__list-item" key={item.href}>
            <Link className="govuk-breadcrumbs__link" to={item.href}>
              {item.text}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
