export { Store, openStore } from './store.js';
export { openDatabase, migrate, type Db } from './database.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export type { UserWithSecret } from './users.repository.js';
export type { InstancePatch } from './deployments.repository.js';
export type { UsageFilter, UsageGroup, UsageTotals } from './usage.repository.js';
