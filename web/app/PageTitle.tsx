import { useEffect } from "react";
import { useLocation } from "react-router";

const APP = "orgdeck";

/** Each page's name, by path; a stream's page names its stream itself (see useDocumentTitle). */
const TITLES: Array<[RegExp, string]> = [
  [/^\/login\/?$/, "Sign in"],
  [/^\/setup\/?$/, "Set up"],
  [/^\/invite\//, "Invitation"],
  [/^\/reset-password\//, "Reset password"],
  [/^\/(organisation(\/overview)?\/?)?$/, "Overview"],
  [/^\/organisation\/users\/?$/, "User Management"],
  [/^\/organisation\/roles\/?$/, "Roles"],
  [/^\/organisation\/activity\/?$/, "Activity"],
  [/^\/streams\/?$/, "Streams"],
  [/^\/analytics\/?$/, "Analytics"],
  [/^\/account\/?$/, "Account"],
];
const OWN_TITLE = /^\/streams\/[^/]+\/?$/;

export function formatTitle(page: string): string {
  return `${page} · ${APP}`;
}

/** Sets `document.title` per page ("Streams · orgdeck"), so tabs, history and bookmarks tell pages apart. */
export function PageTitle() {
  const { pathname } = useLocation();
  useEffect(() => {
    if (OWN_TITLE.test(pathname)) return;
    document.title = formatTitle(TITLES.find(([re]) => re.test(pathname))?.[1] ?? "Page not found");
  }, [pathname]);
  return null;
}

/** A page that names itself (a stream by its name); `null` while it is not known yet. */
export function useDocumentTitle(page: string | null, fallback: string): void {
  useEffect(() => {
    document.title = formatTitle(page ?? fallback);
  }, [page, fallback]);
}
