import { useContext } from 'react';
import { I18nContext, type I18nValue } from './I18nProvider';

/** The current language and its `t(key, values)`. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an <I18nProvider> above it');
  return value;
}
