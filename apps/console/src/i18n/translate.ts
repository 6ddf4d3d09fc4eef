/** Replaces `{name}` placeholders in a message with the given values. */
export function interpolate(message: string, values?: Record<string, string | number>): string {
  if (!values) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** The console's two languages; zh-CN is the default. */
export type Language = 'zh-CN' | 'en';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** The stored language choice, or zh-CN. */
export function initialLanguage(stored: string | null): Language {
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}
