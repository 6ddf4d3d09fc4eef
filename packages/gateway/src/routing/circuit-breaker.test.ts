import { expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

it('opens after N consecutive failures, probes once after the cool-down, closes on success', () => {
  const clock = { at: 0, now: () => clock.at };
  const breaker = new CircuitBreaker(clock, { failureThreshold: 3, coolDownMs: 1_000 });
  const steps: [string, () => unknown, unknown][] = [
    ['fail 1', () => breaker.recordFailure('a'), undefined],
    ['fail 2', () => breaker.recordFailure('a'), undefined],
    ['still closed', () => breaker.tryAcquire('a'), true],
    ['a success resets the count', () => breaker.recordSuccess('a'), undefined],
    ['fail 1', () => breaker.recordFailure('a'), undefined],
    ['fail 2', () => breaker.recordFailure('a'), undefined],
    ['fail 3 opens', () => breaker.recordFailure('a'), undefined],
    ['state', () => breaker.state('a'), 'open'],
    ['refused while open', () => breaker.tryAcquire('a'), false],
    ['others unaffected', () => breaker.tryAcquire('b'), true],
    ['cool-down passes', () => (clock.at = 1_000), 1_000],
    ['one probe', () => breaker.tryAcquire('a'), true],
    ['no second probe', () => breaker.tryAcquire('a'), false],
    ['probe fails: open again', () => breaker.recordFailure('a'), undefined],
    ['refused', () => breaker.tryAcquire('a'), false],
    ['cool-down again', () => (clock.at = 2_000), 2_000],
    ['probe', () => breaker.tryAcquire('a'), true],
    ['probe succeeds', () => breaker.recordSuccess('a'), undefined],
    ['closed', () => breaker.state('a'), 'closed'],
    ['open?', () => breaker.isOpen('a'), false],
  ];
  for (const [name, step, expected] of steps) expect([name, step()]).toEqual([name, expected]);
});

it('lets another probe through when the first never reported back', () => {
  const clock = { at: 0, now: () => clock.at };
  const breaker = new CircuitBreaker(clock, { failureThreshold: 1, coolDownMs: 100 });
  breaker.recordFailure('a');
  clock.at = 100;
  expect(breaker.tryAcquire('a')).toBe(true);
  clock.at = 150;
  expect(breaker.tryAcquire('a')).toBe(false);
  clock.at = 200;
  expect(breaker.tryAcquire('a')).toBe(true);
});
