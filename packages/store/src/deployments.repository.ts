import type {
  Deployment,
  DeploymentOptions,
  DeploymentState,
  EngineName,
  Instance,
  InstanceKvCache,
  InstanceState,
} from '@hangar/core';
import type { Db } from './database.js';

interface DeploymentRow {
  id: string;
  name: string;
  model_id: string;
  engine: EngineName;
  replicas: number;
  state: DeploymentState;
  options_json: string;
  created_at: number;
  updated_at: number;
}

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    name: row.name,
    modelId: row.model_id,
    engine: row.engine,
    replicas: row.replicas,
    state: row.state,
    options: JSON.parse(row.options_json) as DeploymentOptions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class DeploymentsRepository {
  constructor(private readonly db: Db) {}

  insert(deployment: Deployment): void {
    this.db
      .prepare(
        `INSERT INTO deployments (id, name, model_id, engine, replicas, state, options_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        deployment.id,
        deployment.name,
        deployment.modelId,
        deployment.engine,
        deployment.replicas,
        deployment.state,
        JSON.stringify(deployment.options),
        deployment.createdAt,
        deployment.updatedAt,
      );
  }

  list(): Deployment[] {
    return (this.db.prepare('SELECT * FROM deployments ORDER BY created_at').all() as DeploymentRow[]).map(
      toDeployment,
    );
  }

  findByName(name: string): Deployment | undefined {
    const row = this.db.prepare('SELECT * FROM deployments WHERE name = ?').get(name) as
      DeploymentRow | undefined;
    return row && toDeployment(row);
  }

  findById(id: string): Deployment | undefined {
    const row = this.db.prepare('SELECT * FROM deployments WHERE id = ?').get(id) as
      DeploymentRow | undefined;
    return row && toDeployment(row);
  }

  /** The capacity plan stored with the deployment (opaque JSON to the store). */
  savePlan(id: string, plan: unknown): void {
    this.db.prepare('UPDATE deployments SET plan_json = ? WHERE id = ?').run(JSON.stringify(plan), id);
  }

  findPlan<T>(id: string): T | undefined {
    const row = this.db.prepare('SELECT plan_json FROM deployments WHERE id = ?').get(id) as
      { plan_json: string | null } | undefined;
    return row?.plan_json ? (JSON.parse(row.plan_json) as T) : undefined;
  }

  countByModel(modelId: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM deployments WHERE model_id = ?').get(modelId) as {
        n: number;
      }
    ).n;
  }

  update(id: string, changes: { replicas?: number; state?: DeploymentState }, at: number): void {
    const current = this.findById(id);
    if (!current) return;
    this.db
      .prepare('UPDATE deployments SET replicas = ?, state = ?, updated_at = ? WHERE id = ?')
      .run(changes.replicas ?? current.replicas, changes.state ?? current.state, at, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM deployments WHERE id = ?').run(id);
  }
}

interface InstanceRow {
  id: string;
  deployment_id: string;
  ordinal: number;
  state: InstanceState;
  port: number | null;
  pid: number | null;
  restarts: number;
  started_at: number | null;
  ready_at: number | null;
  last_error: string | null;
  updated_at: number;
  kv_json: string | null;
}

function toInstance(row: InstanceRow): Instance {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    ordinal: row.ordinal,
    state: row.state,
    port: row.port,
    pid: row.pid,
    restarts: row.restarts,
    startedAt: row.started_at,
    readyAt: row.ready_at,
    lastError: row.last_error,
    updatedAt: row.updated_at,
    kvCache: row.kv_json ? (JSON.parse(row.kv_json) as InstanceKvCache) : null,
  };
}

export type InstancePatch = Partial<Omit<Instance, 'id' | 'deploymentId' | 'ordinal' | 'kvCache'>>;

const COLUMNS: Record<keyof InstancePatch, string> = {
  state: 'state',
  port: 'port',
  pid: 'pid',
  restarts: 'restarts',
  startedAt: 'started_at',
  readyAt: 'ready_at',
  lastError: 'last_error',
  updatedAt: 'updated_at',
};

export class InstancesRepository {
  constructor(private readonly db: Db) {}

  insert(instance: Instance): void {
    this.db
      .prepare(
        `INSERT INTO instances (id, deployment_id, ordinal, state, port, pid, restarts, started_at, ready_at, last_error, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        instance.id,
        instance.deploymentId,
        instance.ordinal,
        instance.state,
        instance.port,
        instance.pid,
        instance.restarts,
        instance.startedAt,
        instance.readyAt,
        instance.lastError,
        instance.updatedAt,
      );
  }

  list(): Instance[] {
    return (
      this.db.prepare('SELECT * FROM instances ORDER BY deployment_id, ordinal').all() as InstanceRow[]
    ).map(toInstance);
  }

  listByDeployment(deploymentId: string): Instance[] {
    const rows = this.db
      .prepare('SELECT * FROM instances WHERE deployment_id = ? ORDER BY ordinal')
      .all(deploymentId) as InstanceRow[];
    return rows.map(toInstance);
  }

  findById(id: string): Instance | undefined {
    const row = this.db.prepare('SELECT * FROM instances WHERE id = ?').get(id) as InstanceRow | undefined;
    return row && toInstance(row);
  }

  update(id: string, patch: InstancePatch): void {
    const entries = Object.entries(patch) as [keyof InstancePatch, unknown][];
    if (entries.length === 0) return;
    const assignments = entries.map(([key]) => `${COLUMNS[key]} = ?`).join(', ');
    this.db
      .prepare(`UPDATE instances SET ${assignments} WHERE id = ?`)
      .run(...entries.map(([, value]) => value), id);
  }

  saveKvCache(id: string, kvCache: InstanceKvCache): void {
    this.db.prepare('UPDATE instances SET kv_json = ? WHERE id = ?').run(JSON.stringify(kvCache), id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM instances WHERE id = ?').run(id);
  }
}
