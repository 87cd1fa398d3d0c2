import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { notFound } from "../services/app-error.server";
import { winnersPage } from "../services/awards/publication.server";
import { WinnersList } from "./winners._index";

// /winners/:slug: the winning ideas of one challenge, once its results are published. Before
// that, and for a challenge that does not exist, the page does not exist (404).

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData ? `Winners: ${loaderData.page.challenge.title}` : "Winners", error, matches) },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) throw notFound();
  return { page: await winnersPage(slug) };
}

export default function ChallengeWinners() {
  const { page } = useLoaderData<typeof loader>();
  return <WinnersList page={page} />;
}

export const ErrorBoundary = RouteErrorBoundary;
