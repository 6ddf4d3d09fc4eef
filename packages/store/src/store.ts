import type { Logger } from '@hangar/observability';
import { openDatabase, type Db } from './database.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { DeploymentsRepository, InstancesRepository } from './deployments.repository.js';
import { EventsRepository } from './events.repository.js';
import { UsageRepository } from './usage.repository.js';
import { ModelsRepository } from './models.repository.js';
import {
  SessionsRepository,
  SettingsRepository,
  TeamsRepository,
  UsersRepository,
} from './users.repository.js';

/** All persistent state of a Hangar server, one SQLite file. */
export class Store {
  readonly users: UsersRepository;
  readonly teams: TeamsRepository;
  readonly settings: SettingsRepository;
  readonly sessions: SessionsRepository;
  readonly apiKeys: ApiKeysRepository;
  readonly models: ModelsRepository;
  readonly deployments: DeploymentsRepository;
  readonly instances: InstancesRepository;
  readonly events: EventsRepository;
  readonly usage: UsageRepository;

  constructor(private readonly db: Db) {
    this.users = new UsersRepository(db);
    this.teams = new TeamsRepository(db);
    this.settings = new SettingsRepository(db);
    this.sessions = new SessionsRepository(db);
    this.apiKeys = new ApiKeysRepository(db);
    this.models = new ModelsRepository(db);
    this.deployments = new DeploymentsRepository(db);
    this.instances = new InstancesRepository(db);
    this.events = new EventsRepository(db);
    this.usage = new UsageRepository(db);
  }

  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): Promise<void> {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
    return Promise.resolve();
  }
}

export function openStore(options: { path: string; logger?: Logger }): Store {
  const db = openDatabase(options.path);
  options.logger?.debug({ path: options.path }, 'store-open');
  return new Store(db);
}
