import { describe, expect, it } from 'vitest';
import { StopMatcher, stopList } from './stop-matcher.js';

function feed(matcher: StopMatcher, chunks: string[]): { text: string; isStopped: boolean } {
  let text = '';
  let isStopped = false;
  for (const chunk of chunks) {
    const result = matcher.push(chunk);
    text += result.text;
    isStopped = result.isStopped;
    if (isStopped) break;
  }
  if (!isStopped) text += matcher.finish();
  return { text, isStopped };
}

describe('StopMatcher', () => {
  it('passes text through when there are no stop strings', () => {
    const matcher = new StopMatcher([]);
    expect(matcher.push('hello')).toEqual({ text: 'hello', isStopped: false });
  });

  it('stops at a stop string inside one chunk and drops it and what follows', () => {
    expect(feed(new StopMatcher(['END']), ['one two END three'])).toEqual({
      text: 'one two ',
      isStopped: true,
    });
  });

  it('finds a stop string split across chunks', () => {
    const matcher = new StopMatcher(['\n\nUser:']);
    expect(matcher.push('Hi there\n')).toEqual({ text: 'Hi there', isStopped: false });
    expect(matcher.push('\nUs')).toEqual({ text: '', isStopped: false });
    expect(matcher.push('er: more')).toEqual({ text: '', isStopped: true });
  });

  it('releases a held-back tail that did not become a stop string', () => {
    expect(feed(new StopMatcher(['STOP']), ['a ST', 'ART b S'])).toEqual({
      text: 'a START b S',
      isStopped: false,
    });
  });

  it('picks the earliest of several stop strings', () => {
    expect(feed(new StopMatcher(['zz', 'b']), ['a b zz'])).toEqual({ text: 'a ', isStopped: true });
  });

  it('returns nothing after it stopped', () => {
    const matcher = new StopMatcher(['x']);
    matcher.push('axb');
    expect(matcher.push('more')).toEqual({ text: '', isStopped: true });
    expect(matcher.finish()).toBe('');
  });
});

describe('stopList', () => {
  it('normalises the stop field', () => {
    expect(stopList(undefined)).toEqual([]);
    expect(stopList(null)).toEqual([]);
    expect(stopList('a')).toEqual(['a']);
    expect(stopList(['a', 'b'])).toEqual(['a', 'b']);
  });
});
