import { describe, expect, it } from 'vitest';
import { en } from './messages-en';
import { zhCN } from './messages-zh';
import { initialLanguage, interpolate } from './translate';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('dictionaries', () => {
  it('have exactly the same keys in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('translate every message (no blanks) with the same placeholders', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(zhCN[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('are in Chinese for zh-CN', () => {
    const chinese = Object.values(zhCN).filter((text) => /[\u4e00-\u9fff]/.test(text));
    // A few entries are the same in both (the language switch reads "Switch to English" in zh-CN on purpose).
    expect(chinese.length / Object.keys(zhCN).length).toBeGreaterThan(0.9);
  });
});

describe('interpolate and initialLanguage', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(interpolate('删除 {name}？{other}', { name: 'r1' })).toBe('删除 r1？{other}');
    expect(interpolate('{count} vectors', { count: 3 })).toBe('3 vectors');
  });

  it('defaults to zh-CN', () => {
    expect(initialLanguage(null)).toBe('zh-CN');
    expect(initialLanguage('fr')).toBe('zh-CN');
    expect(initialLanguage('en')).toBe('en');
  });
});
