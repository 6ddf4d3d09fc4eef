import { createContext, useCallback, useMemo, useState, type ReactNode } from 'react';
import { en } from './messages-en';
import { zhCN, type MessageKey } from './messages-zh';
import { initialLanguage, interpolate, type Language } from './translate';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const STORAGE_KEY = 'hangar.language';

export const I18nContext = createContext<I18nValue | null>(null);

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Holds the language (remembered in localStorage) and the matching `t`. */
export function I18nProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => fixed ?? initialLanguage(readStored()));
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18nValue>(() => {
    const messages = language === 'en' ? en : zhCN;
    return { language, setLanguage, t: (key, values) => interpolate(messages[key], values) };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
