// A light stand-in for react-i18next's useTranslation in components rendered many times per
// page: useTranslation copies the i18next instance's property descriptors for every component
// instance on its first render, which cost the profile page several milliseconds per request.
// The provider's instance never changes language (see i18nFor), so reading it is enough; a
// language switch hands down another instance and these components re-render with it.
import type { i18n as I18n, TFunction } from "i18next";
import { useContext } from "react";
import { getI18n, I18nContext } from "react-i18next";

const bound = new WeakMap<I18n, TFunction>();

export function useT(): { t: TFunction; lang: string } {
  const i18n = useContext(I18nContext)?.i18n ?? getI18n();
  let t = bound.get(i18n);
  if (!t) {
    t = i18n.t.bind(i18n) as TFunction;
    bound.set(i18n, t);
  }
  return { t, lang: i18n.language };
}
