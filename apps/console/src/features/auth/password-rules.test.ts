import { describe, expect, it } from 'vitest';
import { passwordChangeProblem } from './password-rules';

describe('passwordChangeProblem', () => {
  it.each([
    [
      { currentPassword: '', newPassword: 'long enough', confirmPassword: 'long enough' },
      'auth.currentRequired',
    ],
    [{ currentPassword: 'old', newPassword: 'short', confirmPassword: 'short' }, 'auth.passwordTooShort'],
    [
      { currentPassword: 'same-password', newPassword: 'same-password', confirmPassword: 'same-password' },
      'auth.passwordUnchanged',
    ],
    [
      { currentPassword: 'old', newPassword: 'long enough', confirmPassword: 'long enouhg' },
      'auth.passwordMismatch',
    ],
    [{ currentPassword: 'old', newPassword: 'long enough', confirmPassword: 'long enough' }, null],
  ])('%o -> %s', (change, problem) => {
    expect(passwordChangeProblem(change)).toBe(problem);
  });
});
