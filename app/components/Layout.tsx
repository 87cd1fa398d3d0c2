import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "../../db/schema";
import { navigationFor } from "./navigation";
import { Tag } from "./StatusTag";

export const SERVICE_NAME = "Community Recovery Innovation Challenge";

interface LayoutProps {
  user: { name: string; roles: Role[] } | null;
  operatorName?: string;
  /** Demo mode: every page says it is a demonstration (config.demoMode). */
  demoMode?: boolean;
  children: ReactNode;
}

export function Layout({
  user,
  operatorName = "West Midlands Combined Authority",
  demoMode = false,
  children,
}: LayoutProps) {
  const location = useLocation();
  const items = navigationFor(user?.roles ?? null);
  const isCurrent = (href: string) =>
    href === "/" ? location.pathname === "/" : location.pathname === href || location.pathname.startsWith(`${href}/`);
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-template__header">
        <div className="govuk-generic-header">
          <div className="govuk-generic-header__container govuk-width-container">
            <div className="govuk-generic-header__logo">
              <Link to="/" className="govuk-generic-header__homepage-link">
                <span className="app-generic-header-title">{operatorName}</span>
              </Link>
            </div>
          </div>
        </div>
        <section
          aria-label="Service information"
          className="govuk-service-navigation"
          data-module="govuk-service-navigation"
        >
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <span className="govuk-service-navigation__service-name">
                <Link to="/" className="govuk-service-navigation__link">
                  {SERVICE_NAME}
                </Link>
              </span>
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <button
                  type="button"
                  className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                  aria-controls="navigation"
                  hidden
                  aria-hidden="true"
                >
                  Menu
                </button>
                <ul className="govuk-service-navigation__list" id="navigation">
                  {items.map((item) => {
                    const current = isCurrent(item.href);
                    return (
                      <li
                        key={item.href}
                        className={`govuk-service-navigation__item${current ? " govuk-service-navigation__item--active" : ""}`}
                      >
                        <Link
                          className="govuk-service-navigation__link"
                          to={item.href}
                          aria-current={current ? "page" : undefined}
                        >
                          {current ? (
                            <strong className="govuk-service-navigation__active-fallback">{item.text}</strong>
                          ) : (
                            item.text
                          )}
                        </Link>
                      </li>
                    );
                  })}
                  <li className="govuk-service-navigation__item">
                    {user ? (
                      <Form method="post" action="/sign-out" className="app-inline-form">
                        <button type="submit" className="app-link-button govuk-service-navigation__link">
                          Sign out
                        </button>
                      </Form>
                    ) : (
                      <Link className="govuk-service-navigation__link" to="/sign-in">
                        Sign in
                      </Link>
                    )}
                  </li>
                </ul>
              </nav>
            </div>
          </div>
        </section>
        {demoMode ? <DemoBanner /> : null}
        <div className="govuk-width-container">
          <div className="govuk-phase-banner">
            <p className="govuk-phase-banner__content">
              <Tag className="govuk-phase-banner__content__tag">Beta</Tag>
              <span className="govuk-phase-banner__text">
                This is a new service.{" "}
                <Link className="govuk-link" to="/accessibility">
                  Tell us if something does not work for you
                </Link>
                .
              </span>
            </p>
          </div>
        </div>
      </header>
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 className="govuk-visually-hidden">Support links</h2>
              <ul className="govuk-footer__inline-list">
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/accessibility">
                    Accessibility statement
                  </Link>
                </li>
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/privacy">
                    Privacy notice
                  </Link>
                </li>
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/cookies">
                    Cookies
                  </Link>
                </li>
              </ul>
              <p className="govuk-body-s">Run by the {operatorName}. Open source software under the MIT licence.</p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/**
 * Demo mode's warning on every page, in the phase banner pattern: the demo data and accounts are
 * public, so nothing typed into a demo is private. First in the header, so it is read first.
 */
export function DemoBanner() {
  return (
    <div className="app-demo-banner">
      <div className="govuk-width-container">
        <div className="govuk-phase-banner app-demo-banner__content">
          <p className="govuk-phase-banner__content">
            <Tag colour="govuk-tag--orange" className="govuk-phase-banner__content__tag">
              Demo
            </Tag>
            <span className="govuk-phase-banner__text">Demonstration: do not enter real information</span>
          </p>
        </div>
      </div>
    </div>
  );
}
