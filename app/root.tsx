// The document shell: language, header with the navigation the person's roles need, skip link,
// landmarks, footer, and the error page (403/404/500) in the same layout.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { getViewer } from "~/auth/access.server";
import { defaultLocale, i18nFor, type Locale } from "~/i18n/i18n";
import { loadCatalog } from "~/i18n/load-catalog";
import { resolveLocale } from "~/i18n/locale.server";
import { navigationFor } from "~/shell/navigation";
import { useNonce } from "~/shell/nonce";
import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Horizont" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const locale = await resolveLocale(request, viewer?.locale);
  return {
    locale,
    viewer: viewer
      ? { name: `${viewer.givenName} ${viewer.familyName}`, roles: viewer.roles }
      : null,
  };
}

/**
 * In the browser, after the first page: the language can change with a navigation (signing in
 * brings the person's own language), so the catalog is loaded before the page renders in it.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  await loadCatalog(data.locale);
  return data;
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function Document({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const nonce = useNonce();
  const i18n = i18nFor(locale);
  // Marks the page live: this effect runs after every effect below it in the first commit (the
  // listeners pages attach), so end-to-end stories wait for it instead of for a time.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header({ data }: { data: RootData | undefined }) {
  const { t } = useTranslation();
  const location = useLocation();
  const viewer = data?.viewer;
  const locale = data?.locale ?? defaultLocale;
  const other: Locale = locale === "de" ? "en" : "de";
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <div className="site-header__bar">
        <Link to="/" className="brand">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32" className="brand__mark">
            <circle cx="16" cy="16" r="15" fill="currentColor" opacity="0.15" />
            <path d="M2 20h28M6 20a10 10 0 0 1 20 0" stroke="currentColor" strokeWidth="2.5" fill="none" />
          </svg>
          <span className="brand__name">{t("app.name")}</span>
          <span className="brand__tagline">{t("app.tagline")}</span>
        </Link>
        <div className="site-header__tools">
          <Form method="post" action="/settings/language" className="lang-switch">
            <input type="hidden" name="lang" value={other} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="button button--quiet" lang={other}>
              <span className="visually-hidden">{t("language.switch")}: </span>
              {t(`language.${other}`)}
            </button>
          </Form>
          {viewer ? (
            <div className="user-menu" aria-label={t("app.userMenu")} role="group">
              <NavLink to="/account" className="user-menu__name">
                <span className="visually-hidden">{t("app.signedInAs", { name: viewer.name })}, </span>
                <span aria-hidden="true">{viewer.name}</span>
                <span className="visually-hidden">{t("nav.account")}</span>
              </NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--quiet">
                  {t("nav.signOut")}
                </button>
              </Form>
            </div>
          ) : null}
        </div>
      </div>
      {viewer ? (
        <nav aria-label={t("app.mainNavigation")} className="main-nav">
          <ul>
            {navigationFor(viewer.roles).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("app.footer")}</p>
      <ul>
        <li>
          <Link to="/accessibility">{t("app.accessibility")}</Link>
        </li>
        <li>
          <Link to="/privacy">{t("app.privacy")}</Link>
        </li>
      </ul>
    </footer>
  );
}

export default function App() {
  const data = useRootData();
  return (
    <Document locale={data?.locale ?? defaultLocale}>
      <Header data={data} />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </Document>
  );
}

/** The message key a 400 or 404 carries as its body (badRequest in app/shell/forms.server.ts, notFound in app/auth/access.server.ts), if any. */
function messageKeyOf(error: unknown): string | null {
  const body = isRouteErrorResponse(error) ? error.data : null;
  return typeof body === "string" && /^[a-z]+\.[A-Za-z.]+$/.test(body) ? body : null;
}

function ErrorContent() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] =
    status === 403
      ? [t("errors.forbiddenTitle"), t("errors.forbiddenText")]
      : status === 404
        ? [t("errors.notFoundTitle"), t((messageKeyOf(error) ?? "errors.notFoundText") as "errors.notFoundText", { defaultValue: t("errors.notFoundText") })]
        : status === 429
          ? [t("errors.tooManyRequestsTitle"), t("errors.genericText")]
          : status === 503
            ? [t("ops.unavailableTitle"), t("ops.unavailableText")]
          : status === 400
            ? [t("errors.badRequestTitle"), t((messageKeyOf(error) ?? "errors.genericText") as "errors.genericText", { defaultValue: t("errors.genericText") })]
            : [t("errors.genericTitle"), t("errors.genericText")];
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      <p className="muted">HTTP {status}</p>
      <p>
        <Link to="/">{t("errors.toHome")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  const data = useRootData();
  return (
    <Document locale={data?.locale ?? defaultLocale}>
      <Header data={data} />
      <main id="main" tabIndex={-1}>
        <ErrorContent />
      </main>
      <Footer />
    </Document>
  );
}
