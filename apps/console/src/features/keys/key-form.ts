import type { ApiKeyView, CreateKeyRequest, DeploymentView, UpdateKeyRequest } from '@hangar/contracts';
import { limitsFromForm, limitsToForm, type LimitFormValues } from '../../shared/limits';

/** What the key form holds. `expiresOn` is a local calendar date (`YYYY-MM-DD`, a date input's value). */
export interface KeyFormValues {
  name?: string;
  limits?: LimitFormValues;
  /** Empty: every model. */
  allowedModels?: string[];
  /** Blank: never expires. */
  expiresOn?: string;
}

const DAY_MS = 86_400_000;

/** The longest lifetime the server gives a new key (`expiresInDays`). */
export const MAX_KEY_DAYS = 3650;

/** `YYYY-MM-DD` of a moment in local time (what a date input shows). */
export function localDate(moment: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/** Whole calendar days from `now`'s date to `date` (`YYYY-MM-DD`, local); negative for a past date. */
export function daysUntil(date: string, now: Date): number {
  const [year, month, day] = date.split('-').map(Number);
  const target = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1);
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - today) / DAY_MS);
}

/**
 * The expiry a date means: that date at `now`'s time of day (how the server counts `expiresInDays` too), so a key
 * created or changed today to expire on the 30th stops working on the 30th at this hour.
 */
export function expiryOn(date: string, now: Date): Date {
  return new Date(now.getTime() + daysUntil(date, now) * DAY_MS);
}

/** An expiry date is in the future, and for a new key at most MAX_KEY_DAYS away. */
export function isExpiryInRange(date: string, now: Date, isNewKey: boolean): boolean {
  const days = daysUntil(date, now);
  return Number.isFinite(days) && days >= 1 && (!isNewKey || days <= MAX_KEY_DAYS);
}

function allowedModelsOf(values: KeyFormValues): string[] {
  return [...new Set((values.allowedModels ?? []).map((model) => model.trim()).filter(Boolean))];
}

/** `POST /api/keys`: limits, allowed models and expiry only when set (absent: none, all models, never). */
export function toCreateKeyRequest(values: KeyFormValues, now: Date): CreateKeyRequest {
  const limits = limitsFromForm(values.limits);
  const allowedModels = allowedModelsOf(values);
  const request: CreateKeyRequest = { name: (values.name ?? '').trim() };
  if (Object.keys(limits).length > 0) request.limits = limits;
  if (allowedModels.length > 0) request.allowedModels = allowedModels;
  if (values.expiresOn) request.expiresInDays = Math.max(1, daysUntil(values.expiresOn, now));
  return request;
}

/**
 * `PATCH /api/keys/:id`: the limits and allowed models as the form has them (blank: none, all models); the expiry
 * only when its date changed (cleared: never), so an unchanged date keeps its exact time.
 */
export function toUpdateKeyRequest(values: KeyFormValues, key: ApiKeyView, now: Date): UpdateKeyRequest {
  const allowedModels = allowedModelsOf(values);
  const request: UpdateKeyRequest = {
    limits: limitsFromForm(values.limits),
    allowedModels: allowedModels.length > 0 ? allowedModels : null,
  };
  const before = key.expiresAt ? localDate(new Date(key.expiresAt)) : '';
  const after = values.expiresOn ?? '';
  if (after !== before) request.expiresAt = after ? expiryOn(after, now).toISOString() : null;
  return request;
}

/** A key's settings as form values. */
export function toKeyFormValues(key: ApiKeyView): KeyFormValues {
  return {
    name: key.name,
    limits: limitsToForm(key.limits),
    allowedModels: key.allowedModels ?? [],
    ...(key.expiresAt ? { expiresOn: localDate(new Date(key.expiresAt)) } : {}),
  };
}

/** Whether a key has expired at `now`. */
export function isExpired(key: ApiKeyView, now: number): boolean {
  return key.expiresAt != null && Date.parse(key.expiresAt) <= now;
}

/** The names a key can allow: each deployment's name and its aliases, plus what the key allows already. */
export function modelChoices(deployments: readonly DeploymentView[], allowed: readonly string[]): string[] {
  const names = deployments.flatMap((deployment) => [
    deployment.name,
    ...(deployment.options.routing?.aliases ?? []),
  ]);
  return [...new Set([...names, ...allowed])].sort((a, b) => a.localeCompare(b));
}
