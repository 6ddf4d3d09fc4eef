import { z } from 'zod';

/** Users, teams, key limits, usage queries (`/api/users`, `/api/teams`, `/api/keys`, `/api/usage`, `/api/settings`). */

const positive = z.number().int().positive();

export const limitSetSchema = z
  .object({
    requestsPerMinute: positive.optional(),
    tokensPerMinute: positive.optional(),
    tokensPerDay: positive.optional(),
    tokensPerMonth: positive.optional(),
  })
  .strict();

const username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._@-]*$/, 'use letters, digits, ".", "_", "@" or "-"');

export const createUserRequestSchema = z.object({
  username,
  password: z.string().min(8, 'use at least 8 characters'),
  role: z.enum(['admin', 'user']).default('user'),
  team: z.string().min(1).nullish(),
  limits: limitSetSchema.optional(),
});

export const updateUserRequestSchema = z.object({
  role: z.enum(['admin', 'user']).optional(),
  team: z.string().min(1).nullable().optional(),
  limits: limitSetSchema.optional(),
  disabled: z.boolean().optional(),
});

export const createTeamRequestSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/),
  limits: limitSetSchema.default({}),
});

export const updateTeamRequestSchema = z.object({ limits: limitSetSchema });

export const updateKeyRequestSchema = z.object({
  limits: limitSetSchema.optional(),
  allowedModels: z.array(z.string().min(1)).nullable().optional(),
  expiresAt: z.iso.datetime().nullable().optional(),
});

const isoOrMs = z.union([z.iso.datetime(), z.coerce.number().int().nonnegative()]);

export const usageQuerySchema = z.object({
  user: z.string().optional(),
  key: z.string().optional(),
  team: z.string().optional(),
  model: z.string().optional(),
  from: isoOrMs.optional(),
  to: isoOrMs.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const usageTotalsQuerySchema = usageQuerySchema.extend({
  groupBy: z.enum(['user', 'key', 'team', 'model', 'day']).optional(),
});

export const usageSummaryQuerySchema = z.object({ window: z.enum(['1h', '24h', '7d']).default('1h') });

export const settingsSchema = z.object({ usageRetentionDays: z.number().int().min(1).max(3650) }).partial();

export type LimitSetInput = z.infer<typeof limitSetSchema>;
export type CreateUserRequest = z.input<typeof createUserRequestSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
export type CreateTeamRequest = z.input<typeof createTeamRequestSchema>;
export type UpdateKeyRequest = z.infer<typeof updateKeyRequestSchema>;

export interface UserView {
  id: string;
  username: string;
  role: string;
  team: string | null;
  limits: LimitSetInput;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export interface TeamView {
  id: string;
  name: string;
  limits: LimitSetInput;
  members: number;
  createdAt: string;
}

export interface UsageRowView {
  requestId: string;
  at: string;
  user: string | null;
  key: string | null;
  team: string | null;
  model: string;
  endpoint: string;
  instanceId: string | null;
  status: number;
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /** Prompt tokens the engine served from its prefix cache (0 when it does not say). */
  cachedTokens: number;
  timeToFirstTokenMs: number | null;
  durationMs: number;
  clientIp: string | null;
}

export interface UsageTotalsView {
  group: string | null;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}

export interface UsageSummaryView {
  window: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  ttftP50Ms: number | null;
  ttftP99Ms: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  series: { t: string; requests: number; tokens: number; errors: number }[];
  topModels: { model: string; requests: number; tokens: number }[];
  topUsers: { user: string; requests: number; tokens: number }[];
}

export interface SettingsView {
  usageRetentionDays: number;
  home: string;
  version: string;
  /** Where model files are downloaded from; tokens are never shown, only whether one is set. */
  modelSources?: { source: 'huggingface' | 'modelscope'; endpoint: string; hasToken: boolean }[];
}
