import type { MessageKey } from '../../i18n/messages-zh';

/** The server's minimum (contracts' changePasswordRequestSchema). */
export const MIN_PASSWORD_LENGTH = 8;

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The first problem with a password change, as a message key, or null when it can be sent. */
export function passwordChangeProblem(change: PasswordChange): MessageKey | null {
  if (change.currentPassword === '') return 'auth.currentRequired';
  if (change.newPassword.length < MIN_PASSWORD_LENGTH) return 'auth.passwordTooShort';
  if (change.newPassword === change.currentPassword) return 'auth.passwordUnchanged';
  if (change.confirmPassword !== change.newPassword) return 'auth.passwordMismatch';
  return null;
}
