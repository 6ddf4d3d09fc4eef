import type { Model, ModelMetadata, ModelSourceKind } from '@hangar/core';
import type { Db } from './database.js';

interface ModelRow {
  id: string;
  name: string;
  source: ModelSourceKind;
  format: 'gguf' | 'safetensors';
  path: string;
  size_bytes: number;
  metadata_json: string;
  created_at: number;
  repo: string | null;
}

function toModel(row: ModelRow): Model {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    format: row.format,
    path: row.path,
    sizeBytes: row.size_bytes,
    repo: row.repo,
    metadata: JSON.parse(row.metadata_json) as ModelMetadata,
    createdAt: row.created_at,
  };
}

export class ModelsRepository {
  constructor(private readonly db: Db) {}

  insert(model: Model): void {
    this.db
      .prepare(
        'INSERT INTO models (id, name, source, format, path, size_bytes, metadata_json, created_at, repo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        model.id,
        model.name,
        model.source,
        model.format,
        model.path,
        model.sizeBytes,
        JSON.stringify(model.metadata),
        model.createdAt,
        model.repo ?? null,
      );
  }

  list(): Model[] {
    return (this.db.prepare('SELECT * FROM models ORDER BY created_at').all() as ModelRow[]).map(toModel);
  }

  findByName(name: string): Model | undefined {
    const row = this.db.prepare('SELECT * FROM models WHERE name = ?').get(name) as ModelRow | undefined;
    return row && toModel(row);
  }

  findById(id: string): Model | undefined {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    return row && toModel(row);
  }

  updateFiles(id: string, path: string, sizeBytes: number): void {
    this.db.prepare('UPDATE models SET path = ?, size_bytes = ? WHERE id = ?').run(path, sizeBytes, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
  }
}
